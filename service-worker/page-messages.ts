import type { PageToServiceWorker } from '$lib/sync/service-worker-messages';
import type { PushQueue } from './push-queue';
import { sw } from './scope';

/**
 * What pages ask: replay the push queue now (a page opened, came into view, went online or
 * signed in), or take over from the running version (the user accepted the update). A new
 * version takes over only once no push is on its way, so a flush is never cut in two.
 */
export function listenToPages(pushes: PushQueue): void {
	sw.addEventListener('message', (event) => {
		const data = event.data as PageToServiceWorker | null;
		if (data?.type === 'FLUSH_PUSHES') event.waitUntil(pushes.flushNow());
		if (data?.type === 'SKIP_WAITING') {
			event.waitUntil(pushes.quiet().then(() => sw.skipWaiting()));
		}
	});
}
