/**
 * Runs one lookup per key at a time: callers that ask for a key while its lookup is running get
 * the same answer instead of running it again. Nothing is kept once the lookup settles, so every
 * answer is as fresh as a lookup of its own would be; only a burst of requests of one session
 * shares one query.
 */
export class SharedLookups<T> {
	readonly #running = new Map<string, Promise<T>>();

	/** The answer of `lookup` for `key`, shared with the callers asking at the same time. */
	get(key: string, lookup: () => Promise<T>): Promise<T> {
		const running = this.#running.get(key);
		if (running) return running;
		const started = lookup().finally(() => this.#running.delete(key));
		this.#running.set(key, started);
		return started;
	}

	/** Lookups running now. */
	get size(): number {
		return this.#running.size;
	}
}

/**
 * Remembers answers (a token's checked signature, a limit's refusal) for up to `max` keys,
 * forgetting the oldest first, and each answer only until the time `expiresAt` gives it.
 */
export class ExpiringAnswers<T> {
	readonly #answers = new Map<string, { value: T; expiresAt: number }>();

	constructor(private readonly max = 10_000) {}

	/** The remembered answer for `key`, unless it expired by `now`. */
	get(key: string, now = Date.now()): T | undefined {
		const entry = this.#answers.get(key);
		if (!entry) return undefined;
		if (entry.expiresAt <= now) {
			this.#answers.delete(key);
			return undefined;
		}
		return entry.value;
	}

	/** Forgets the answer for `key`. */
	delete(key: string): void {
		this.#answers.delete(key);
	}

	/** Forgets every answer. */
	clear(): void {
		this.#answers.clear();
	}

	/** Remembers `value` for `key` until `expiresAt` (milliseconds since the epoch). */
	set(key: string, value: T, expiresAt: number): void {
		this.#answers.delete(key);
		this.#answers.set(key, { value, expiresAt });
		if (this.#answers.size > this.max) {
			const oldest = this.#answers.keys().next();
			if (!oldest.done) this.#answers.delete(oldest.value);
		}
	}
}
