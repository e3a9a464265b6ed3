import { Queue } from 'workbox-background-sync';
import { registerRoute } from 'workbox-routing';
import {
	NO_BACKGROUND_SYNC_FLAG,
	PUSH_QUEUE,
	PUSH_QUEUE_RETENTION_MINUTES
} from '$lib/sync/service-worker-messages';
import { tellPages } from './pages';
import { PushReplayer, type FlushResult, type PushStore, type QueuedPush } from './push-replayer';
import { replayStep } from './replay-step';
import { sw } from './scope';
import { sendOnce } from './send';

const PUSH_PATH = '/api/sync/push';
/**
 * The longest wait for a retry that one flush sits through: a sync event or a page's message
 * keeps the service worker alive that long. A longer wait ends the flush; a timer, the next
 * sync event or the next page starts it again.
 */
const MAX_WAIT_MS = 60_000;
/** How long the queue must stay quiet before a new version may take over. */
const SETTLE_MS = 250;

/** The service worker's queue of pushes that did not get through. */
export interface PushQueue {
	/** Replays the queue now, without waiting for an earlier failure's backoff. */
	flushNow(): Promise<FlushResult>;
	/** Settles once no push is on its way: no replay running and no page's push passing through. */
	quiet(): Promise<void>;
}

/**
 * Routes the pages' pushes through the service worker: a push that fails on the network, or
 * is answered 408, 429 or 5xx, is kept in a Workbox `Queue` (in IndexedDB) and replayed by a
 * `PushReplayer` on a Background Sync event, on a page's request, and when the service
 * worker starts where the browser has no Background Sync.
 */
export function queuePushes(): PushQueue {
	const noBackgroundSync = new URL(sw.location.href).searchParams.has(NO_BACKGROUND_SYNC_FLAG);
	const queue = new Queue(PUSH_QUEUE, {
		maxRetentionTime: PUSH_QUEUE_RETENTION_MINUTES,
		forceSyncFallback: noBackgroundSync,
		// Without Background Sync, Workbox calls this as the service worker starts, from its
		// constructor: the first await lets the rest of this function run first.
		onSync: async () => {
			await Promise.resolve();
			replayer.retryNow();
			// The browser fires a sync event when the network is back.
			const result = await flush(noBackgroundSync ? undefined : 'online');
			// Thrown in a sync event, the browser fires it again later.
			if (!noBackgroundSync && (result === 'later' || result === 'offline')) {
				throw new Error(`The push queue waits (${result}).`);
			}
		}
	});

	type QueueEntry = Parameters<Queue['pushRequest']>[0];
	const entries: PushStore = {
		getAll: async () => (await queue.getAll()) as QueuedPush[],
		shiftRequest: async () => (await queue.shiftRequest()) as QueuedPush | undefined,
		pushRequest: (entry) => queue.pushRequest(entry as QueueEntry)
	};
	const replayer = new PushReplayer({
		queue: entries,
		send: (request) => sendOnce(request),
		notify: tellPages,
		isOnline: () => sw.navigator.onLine,
		now: () => Date.now(),
		sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
		maxWaitMs: MAX_WAIT_MS
	});

	let timer: ReturnType<typeof setTimeout> | undefined;
	/** Flushes, and when the next replay is due later, sets a timer for it. */
	const flush = async (online?: 'online'): Promise<FlushResult> => {
		const result = await replayer.flush(online);
		if (result === 'later') {
			clearTimeout(timer);
			timer = setTimeout(() => void flush(), Math.max(0, replayer.notBefore - Date.now()));
		}
		return result;
	};

	let passing = 0;
	const passed: (() => void)[] = [];
	registerRoute(
		({ url }) => url.pathname === PUSH_PATH,
		async ({ request }) => {
			passing++;
			try {
				// Its body is read only if it has to be kept.
				const kept = request.clone();
				let response: Response;
				try {
					response = await fetch(request);
				} catch (error) {
					await replayer.keep(kept);
					throw error;
				}
				const retryAfter = response.headers.get('retry-after');
				const step = replayStep({ status: response.status, retryAfter }, 0, Date.now());
				// The page retries too; the queue delivers it even if every page closes first.
				if (step.next === 'retry') await replayer.keep(kept, step);
				return response;
			} finally {
				passing--;
				if (passing === 0) for (const resolve of passed.splice(0)) resolve();
			}
		},
		'POST'
	);

	return {
		flushNow: () => {
			replayer.retryNow();
			return flush();
		},
		async quiet() {
			for (;;) {
				await replayer.idle();
				if (passing > 0) await new Promise<void>((resolve) => passed.push(resolve));
				else if (replayer.busy) continue;
				else {
					// The browser counts a push's fetch event as running until the answer has
					// reached the page, a little after the handler returns: a new version told
					// to take over before that waits on in Chromium, and may not take over at all.
					await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
					if (passing === 0 && !replayer.busy) return;
				}
			}
		}
	};
}
