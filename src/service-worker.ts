/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, prerendered, version } from '$service-worker';
import { BackgroundSyncPlugin } from 'workbox-background-sync';
import { clientsClaim } from 'workbox-core';
import {
	cleanupOutdatedCaches,
	createHandlerBoundToURL,
	precacheAndRoute
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';
import {
	precacheEntries,
	PUSH_QUEUE,
	PUSH_QUEUE_RETENTION_MINUTES
} from '$lib/sync/service-worker-plan';

declare const self: ServiceWorkerGlobalScope;

self.skipWaiting();
clientsClaim();

// The app shell: hashed build files, static files and the prerendered page.
precacheAndRoute(precacheEntries({ build, files, prerendered, version }));
cleanupOutdatedCaches();

// Every page is the same client-rendered shell, so an offline navigation gets the cached one.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/'), { denylist: [/^\/api\//] }));

// A push that cannot reach the server is kept and replayed when the network returns, even
// with no tab open. Replays are safe: the server applies a batch once.
registerRoute(
	({ url }) => url.pathname === '/api/sync/push',
	new NetworkOnly({
		plugins: [
			new BackgroundSyncPlugin(PUSH_QUEUE, { maxRetentionTime: PUSH_QUEUE_RETENTION_MINUTES })
		]
	}),
	'POST'
);
