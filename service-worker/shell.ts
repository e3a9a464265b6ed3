import {
	cleanupOutdatedCaches,
	createHandlerBoundToURL,
	precacheAndRoute,
	type PrecacheEntry
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

// workbox-build replaces `self.__WB_MANIFEST`, spelled so, with the precache manifest.
declare const self: ServiceWorkerGlobalScope & {
	__WB_MANIFEST: (string | PrecacheEntry)[] | undefined;
};

/**
 * The app shell: workbox-build injects the revisioned list of the build files, the static
 * files and the prerendered pages. Every route is the same client-rendered shell, so a
 * navigation that is not a precached page (a deep link, even opened first offline) gets `/`.
 */
export function serveShell(): void {
	// Undefined under `vite dev`, which injects no manifest: nothing is precached there.
	precacheAndRoute(self.__WB_MANIFEST ?? []);
	cleanupOutdatedCaches();
	registerRoute(
		new NavigationRoute(createHandlerBoundToURL('/'), { denylist: [/^\/api\//, /^\/metrics/] })
	);
}
