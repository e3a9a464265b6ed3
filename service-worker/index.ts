// Outpost's service worker: the precached app shell, and the queue that delivers pushes the
// network refused, even with every tab closed. Built by workbox-build (injectManifest) through
// @vite-pwa/sveltekit; registered by src/lib/client/pwa/ with workbox-window.
import { clientsClaim } from 'workbox-core';
import { listenToPages } from './page-messages';
import { queuePushes } from './push-queue';
import { serveShell } from './shell';

serveShell();
listenToPages(queuePushes());
// The first version takes over the open pages as soon as it is active, so that a first visit
// works offline without a reload. A later version waits until the user accepts it.
clientsClaim();
