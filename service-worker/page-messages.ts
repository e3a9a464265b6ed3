import type { PageToServiceWorker } from '$lib/sync/service-worker-messages';
import type { PushQueue } from './push-queue';
import { sw } from './scope';

/**
 * What pages ask: replay the push queue now (a page opened, came into view, went online or
 * signed in); say when no push is on its way; take over from the running version (the user
 * accepted the update). The page asks the running version for quiet before it tells the
 * waiting one to take over, so a flush is never cut in two.
 */
export function listenToPages(pushes: PushQueue): void {
	sw.addEventListener('message', (event) => {
		const data = event.data as PageToServiceWorker | null;
		if (data?.type === 'FLUSH_PUSHES') event.waitUntil(pushes.flushNow());
		if (data?.type === 'WHEN_QUIET') {
			event.waitUntil(pushes.quiet().then(() => event.ports[0]?.postMessage('quiet')));
		}
		if (data?.type === 'SKIP_WAITING') {
			// Not awaited inside the event: Chromium activates the new version only once its
			// events have ended, and skipWaiting() settles only after that.
			const quiet = pushes.quiet();
			event.waitUntil(quiet);
			void quiet.then(() => sw.skipWaiting());
		}
	});
}
