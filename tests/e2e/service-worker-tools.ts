import type { BrowserContext, Worker } from '@playwright/test';
import { PUSH_QUEUE } from '../../src/lib/sync/service-worker-messages';

/** The sync tag Workbox registers for the queue of failed pushes. */
export const PUSH_SYNC_TAG = `workbox-background-sync:${PUSH_QUEUE}`;
/** The pushes of the page and of the service worker's replays, for `context.route`. */
export const PUSH_ROUTE = '**/api/sync/push';

/** How many clients of the app (tabs and their workers, controlled or not) the service worker sees. */
export const appClients = (worker: Worker) =>
	worker.evaluate(async () => {
		const scope = self as unknown as { clients: { matchAll(o: object): Promise<unknown[]> } };
		return (await scope.clients.matchAll({ includeUncontrolled: true, type: 'all' })).length;
	});

/**
 * DevTools' ServiceWorker domain for the app's registration. Chromium has that domain on page
 * targets only (not on the browser's nor the service worker's), so it is reached through a
 * blank tab of the context: a tab of no origin, which is no client of the app.
 */
export async function serviceWorkerDevTools(context: BrowserContext, origin: string) {
	const blank = await context.newPage();
	const cdp = await context.newCDPSession(blank);
	const registered = new Promise<string>((resolve) => {
		cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
			const ours = registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted);
			if (ours) resolve(ours.registrationId);
		});
	});
	await cdp.send('ServiceWorker.enable');
	const registrationId = await registered;
	return {
		/** Fires the Background Sync event `tag`, as Chromium does when the network returns. */
		dispatchSync: (tag: string) =>
			cdp.send('ServiceWorker.dispatchSyncEvent', {
				origin,
				registrationId,
				tag,
				lastChance: false
			}),
		/** Stops the service workers of the context, as the browser does with idle ones. */
		stopAll: () => cdp.send('ServiceWorker.stopAllWorkers'),
		close: () => blank.close()
	};
}
