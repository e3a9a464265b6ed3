/** Name of the service worker's queue of failed pushes; its sync tag is `workbox-background-sync:` + this. */
export const PUSH_QUEUE = 'outpost-push';

/** How long a failed push is kept for replay: the server remembers batches 7 days. */
export const PUSH_QUEUE_RETENTION_MINUTES = 7 * 24 * 60;

/**
 * A query flag on the service worker's URL: the page found no Background Sync, so the
 * service worker replays its queue itself (when it starts, and when a page asks).
 */
export const NO_BACKGROUND_SYNC_FLAG = 'no-background-sync';

/** What a page tells the service worker. */
export type PageToServiceWorker =
	/** Replay the queue now: a page opened, came into view, went online or signed in. */
	| { type: 'FLUSH_PUSHES' }
	/**
	 * Answer (on the message's port) once no push is on its way: asked of the running version
	 * before the waiting one is told to take over.
	 */
	| { type: 'WHEN_QUIET' }
	/** Take over from the running version (workbox-window's message to the waiting one). */
	| { type: 'SKIP_WAITING' };

/** What the service worker tells the open pages about a push it replayed. */
export interface PushReplayed {
	type: 'outpost:push-replayed';
	batchId: string;
	/** `delivered`: the server applied it; `refused`: it answered 4xx and the batch was set aside. */
	outcome: 'delivered' | 'refused';
	status: number;
}

/** Whether a message from the service worker is a `PushReplayed`. */
export function isPushReplayed(data: unknown): data is PushReplayed {
	return (
		typeof data === 'object' &&
		data !== null &&
		(data as { type?: unknown }).type === 'outpost:push-replayed' &&
		typeof (data as { batchId?: unknown }).batchId === 'string'
	);
}
