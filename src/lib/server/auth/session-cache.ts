import type { User } from '$lib/protocol/auth';
import type { Database } from '../db/database';
import { ExpiringAnswers, SharedLookups } from './shared-lookups';

/** The channel on which the database names a session that ended (supabase/schemas/10_accounts.sql). */
export const SESSION_ENDED_CHANNEL = 'outpost_session_ended';
/** The payload that names every session (the table was truncated). */
const EVERY_SESSION = '*';
/**
 * The longest a checked session is believed without reading its row again: the bound on a
 * sign-out missed while this instance's listening connection was down and not yet known lost.
 */
export const SESSION_CACHE_MAX_AGE_MS = 60_000;

/** A session's row as read from the database: whose it is and until when. */
export interface LiveSession {
	user: User;
	/** Milliseconds since the epoch. */
	expiresAt: number;
}

/**
 * The sessions this instance has checked, so that a request does not read its session's row
 * again: each is believed until it expires (at most `SESSION_CACHE_MAX_AGE_MS`) or the database
 * says that it ended. Every instance listens for that (`watch`), so a sign-out on any of them
 * holds on all at once. Until it listens nothing is believed: every request reads its row, as
 * without a cache. When its listening connection comes back after a loss, everything checked is
 * forgotten, since sign-outs may have been missed meanwhile; a loss not yet noticed is bounded by
 * `SESSION_CACHE_MAX_AGE_MS`.
 */
export class SessionCache {
	readonly #checked = new ExpiringAnswers<{ userId: string; user: User }>();
	readonly #reading = new SharedLookups<User | undefined>();
	/** Counts what was forgotten, so that a row read before a forget is not remembered after it. */
	#forgets = 0;
	#listening = false;
	readonly #endedListeners = new Set<(sessionId: string) => void>();

	constructor(
		private readonly maxAgeMs = SESSION_CACHE_MAX_AGE_MS,
		private readonly now: () => number = Date.now
	) {}

	/**
	 * The user of session `sessionId` of `userId`, remembered or else read with `read` (once for
	 * all the requests of that session that ask while it is being read); undefined when it ended.
	 */
	user(
		sessionId: string,
		userId: string,
		read: () => Promise<LiveSession | undefined>
	): Promise<User | undefined> {
		const checked = this.#listening ? this.#checked.get(sessionId, this.now()) : undefined;
		if (checked?.userId === userId) return Promise.resolve(checked.user);
		return this.#reading.get(`${sessionId}:${userId}`, async () => {
			const forgets = this.#forgets;
			const live = await read();
			if (live && this.#listening && forgets === this.#forgets) {
				const until = Math.min(live.expiresAt, this.now() + this.maxAgeMs);
				this.#checked.set(sessionId, { userId, user: live.user }, until);
			}
			return live?.user;
		});
	}

	/** Forgets a session that ended (`*`: every session). */
	forget(sessionId: string): void {
		this.#forgets++;
		if (sessionId === EVERY_SESSION) this.#checked.clear();
		else this.#checked.delete(sessionId);
	}

	/** Calls `listener` with each session that the database says ended (not for `*`). */
	onEnded(listener: (sessionId: string) => void): void {
		this.#endedListeners.add(listener);
	}

	/**
	 * Listens for sessions that end, on any instance, and believes checked sessions from then
	 * on. A lost connection forgets them all: sign-outs may have been missed meanwhile.
	 */
	async watch(db: Database): Promise<() => Promise<void>> {
		const ended = (sessionId: string) => {
			this.forget(sessionId);
			if (sessionId === EVERY_SESSION) return;
			for (const listener of this.#endedListeners) listener(sessionId);
		};
		const stop = await db.listen(SESSION_ENDED_CHANNEL, ended, {
			onReconnect: () => this.forget(EVERY_SESSION)
		});
		this.#listening = true;
		return async () => {
			this.#listening = false;
			this.forget(EVERY_SESSION);
			await stop();
		};
	}
}
