import type { Database } from '../db/database';
import { EventHub } from './event-hub';
import { startLiveHub, type LiveHub } from './live-hub';

/** This instance's live event streams. */
const hub = new EventHub();
let listening: Promise<LiveHub> | undefined;

/**
 * This instance's hub, listening on `db` from the first call on (one listener per channel for
 * the whole instance). Rejects when listening cannot start (the database is unreachable); the
 * next call tries again.
 */
export async function instanceHub(db: Database): Promise<EventHub> {
	listening ??= startLiveHub(db, hub).catch((error: unknown) => {
		listening = undefined;
		throw error;
	});
	await listening;
	return hub;
}

/**
 * Ends every live event stream of this instance: it is stopping, and open streams would hold
 * its graceful shutdown until the timeout. Their clients connect again, to another instance.
 */
export function closeInstanceStreams(): void {
	hub.closeAll();
}
