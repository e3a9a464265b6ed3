import type { Database } from '../db/database';
import { EventHub } from './event-hub';
import { LIVE_CHANNELS } from './notifications';
import { userCursors } from './user-cursor';

/** A hub fed by the database's notifications. */
export interface LiveHub {
	readonly hub: EventHub;
	/** Stops listening (the streams stay open, and hear nothing more). */
	stop(): Promise<void>;
}

/** How a live hub reports trouble and how long it gathers reconnects. */
export interface LiveHubOptions {
	log?: (message: string, error?: unknown) => void;
	/** How long after a channel listens again the cursors are read (the other channels follow). */
	resyncDelayMs?: number;
}

const RESYNC_DELAY_MS = 250;

/**
 * Listens on the live channels of `db` (one listener per channel for the whole instance) and
 * hands every notification to `hub`. Resolves once listening, so that a stream subscribed
 * afterwards misses nothing committed after it read its cursor.
 *
 * Notifications sent while the database connection was lost are lost. When listening resumes,
 * every user with a stream open gets a `change` with their newest cursor, so that their clients
 * pull what they missed; if the cursors cannot be read, every stream is ended instead, and the
 * clients connect again and start over with `ready`.
 */
export async function startLiveHub(
	db: Database,
	hub: EventHub,
	options: LiveHubOptions = {}
): Promise<LiveHub> {
	const log = options.log ?? console.error;
	let resyncing = false;
	let resyncAgain = false;

	async function resync(): Promise<void> {
		resyncAgain = true;
		// One pass at a time; a reconnect during one asks for another after it.
		if (resyncing) return;
		resyncing = true;
		try {
			while (resyncAgain) {
				resyncAgain = false;
				let cursors: Map<string, string>;
				try {
					cursors = await userCursors(db, hub.users());
				} catch (error) {
					log(
						'Live events: could not read the cursors after a reconnect; ending the streams',
						error
					);
					hub.closeAll();
					continue;
				}
				for (const [userId, cursor] of cursors) {
					hub.publish(userId, { name: 'change', data: { cursor } });
				}
			}
		} finally {
			resyncing = false;
		}
	}

	// Every channel listens again after a reconnect, one after another: one resync for them all.
	let scheduled: ReturnType<typeof setTimeout> | undefined;
	const scheduleResync = () => {
		scheduled ??= setTimeout(() => {
			scheduled = undefined;
			void resync();
		}, options.resyncDelayMs ?? RESYNC_DELAY_MS);
	};

	const stops: (() => Promise<void>)[] = [];
	try {
		for (const channel of LIVE_CHANNELS) {
			stops.push(
				await db.listen(channel, (payload) => hub.receive(channel, payload), {
					onReconnect: scheduleResync
				})
			);
		}
	} catch (error) {
		await Promise.allSettled(stops.map((stop) => stop()));
		throw error;
	}
	return {
		hub,
		async stop() {
			clearTimeout(scheduled);
			await Promise.allSettled(stops.map((stop) => stop()));
		}
	};
}
