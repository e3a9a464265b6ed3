import type { Queryable } from '../db/database';
import { CHANGES_CHANNEL, changePayload } from './notifications';

/** How many notices one statement sends at most. */
export const NOTICES_PER_STATEMENT = 500;

/** How many notices may wait for the statement in flight; more are dropped (and logged). */
export const MAX_WAITING_NOTICES = 10_000;

/**
 * The least time from one statement to the next: under load, one statement for the pushes of
 * this long rather than one for every push or two. A stream hears of a change at most this
 * much later.
 */
export const NOTICE_INTERVAL_MS = 20;

/**
 * The notices in one statement, its own transaction. It writes nothing but its commit record,
 * so it does not wait for that to reach the disk (`synchronous_commit` off for this transaction
 * only): a notification is sent on commit either way, and the lock every notifying commit
 * holds is then held only for moments.
 */
const SEND = `select pg_notify($1, payload)
	from set_config('synchronous_commit', 'off', true), unnest($2::text[]) as payload`;

/**
 * Sends notifications of one channel for many writers, outside their transactions: the first
 * notice goes out in a statement of its own, and those that come while it is in flight, or
 * within NOTICE_INTERVAL_MS of its start, go together in the next. A transaction that notifies holds
 * PostgreSQL's one notification lock from the start of its commit to the end, the write to
 * disk included, so writes that notified for themselves would commit one at a time.
 *
 * A notice is a hint to the listeners, never the data: one lost (the statement failed, the
 * process died between a commit and its notice) leaves a stream behind until its next resync.
 */
export class NoticeSender {
	#waiting = new Set<string>();
	#inFlight: Promise<void> | undefined;
	#dropped = 0;

	constructor(private readonly send: (payloads: string[]) => Promise<void>) {}

	/** Sends `payload` soon; the same payload waiting already is sent once. */
	announce(payload: string): void {
		if (this.#waiting.size >= MAX_WAITING_NOTICES) {
			this.#dropped++;
			return;
		}
		this.#waiting.add(payload);
		this.#inFlight ??= this.#drain();
	}

	/** Resolves once every notice announced so far was sent (or failed). */
	async settled(): Promise<void> {
		while (this.#inFlight) await this.#inFlight;
	}

	async #drain(): Promise<void> {
		// Let the writes that finish in the same turn join the first statement.
		await new Promise((resolve) => setImmediate(resolve));
		while (this.#waiting.size > 0) {
			const started = performance.now();
			const payloads = [...this.#waiting];
			this.#waiting.clear();
			for (let at = 0; at < payloads.length; at += NOTICES_PER_STATEMENT) {
				try {
					await this.send(payloads.slice(at, at + NOTICES_PER_STATEMENT));
				} catch (error) {
					console.error('Sending change notifications failed', error);
				}
			}
			if (this.#dropped > 0) {
				console.error(`${this.#dropped} change notifications dropped: too many waiting`);
				this.#dropped = 0;
			}
			const wait = started + NOTICE_INTERVAL_MS - performance.now();
			if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
		}
		this.#inFlight = undefined;
	}
}

const senders = new WeakMap<Queryable, NoticeSender>();

function changeSender(db: Queryable): NoticeSender {
	let sender = senders.get(db);
	if (!sender) {
		sender = new NoticeSender(async (payloads) => {
			await db.query(SEND, [CHANGES_CHANNEL, payloads]);
		});
		senders.set(db, sender);
	}
	return sender;
}

/**
 * Tells every instance's event streams of `userId` that its records changed up to `cursor`,
 * once the change has committed (see NoticeSender).
 */
export function announceChange(db: Queryable, userId: string, cursor: string): void {
	changeSender(db).announce(changePayload(userId, cursor));
}

/** Resolves once the change notices announced on `db` so far were sent. */
export function changeNoticesSent(db: Queryable): Promise<void> {
	return senders.get(db)?.settled() ?? Promise.resolve();
}
