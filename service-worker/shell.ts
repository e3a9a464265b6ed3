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
	registerRoute(new NavigationRoute(createHandlerBoundToURL('/'), { denylist: [SERVER_ONLY] }));
	// An API address opened as a page while offline: a problem that says so, not the
	// browser's error page.
	registerRoute(
		({ request, url }) => request.mode === 'navigate' && SERVER_ONLY.test(url.pathname),
		async ({ request }) => {
			try {
				return await fetch(request);
			} catch {
				return offlineProblem();
			}
		}
	);
}

/** Addresses only the server answers: the API and the metrics. */
const SERVER_ONLY = /^\/(api\/|metrics(\/|$))/;

/** A 503 problem (RFC 9457) for a request the network could not carry. */
function offlineProblem(): Response {
	const body = {
		type: 'about:blank',
		title: 'Offline',
		status: 503,
		detail:
			'This device is offline, so the server cannot be reached. Try again once it is back online.'
	};
	return new Response(JSON.stringify(body), {
		status: 503,
		headers: { 'content-type': 'application/problem+json' }
	});
}
