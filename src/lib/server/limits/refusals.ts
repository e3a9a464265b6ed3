/**
 * Remembers, on this instance, which keys a limit refused and until when, so that the requests
 * of a flood after the first refusal are answered without asking again (a query, or the whole
 * request handler). It only repeats an answer already given, until the wait it named has
 * ended, so that a limit counted in the database still holds across instances. It keeps at most
 * `max` keys, forgetting the oldest first.
 */
export class Refusals {
	readonly #until = new Map<string, number>();

	constructor(private readonly max = 10_000) {}

	/** Seconds left of a refusal of `key` remembered at `now`, or undefined. */
	wait(key: string, now = Date.now()): number | undefined {
		const until = this.#until.get(key);
		if (until === undefined) return undefined;
		if (until <= now) {
			this.#until.delete(key);
			return undefined;
		}
		return Math.ceil((until - now) / 1000);
	}

	/** Remembers that `key` was refused for `seconds` from `now`. */
	refuse(key: string, seconds: number, now = Date.now()): void {
		this.#until.delete(key);
		this.#until.set(key, now + seconds * 1000);
		if (this.#until.size > this.max) {
			const oldest = this.#until.keys().next();
			if (!oldest.done) this.#until.delete(oldest.value);
		}
	}
}
