import { ExpiringAnswers } from '../auth/shared-lookups';

/**
 * Remembers, on this instance, which keys a limit refused and until when, so that the requests
 * of a flood after the first refusal are answered without asking again (a query, or the whole
 * request handler). It only repeats an answer already given, until the wait it named has
 * ended, so that a limit counted in the database still holds across instances. It keeps at most
 * `max` keys, forgetting the oldest first.
 */
export class Refusals {
	readonly #until: ExpiringAnswers<number>;

	constructor(max = 10_000) {
		this.#until = new ExpiringAnswers(max);
	}

	/** Seconds left of a refusal of `key` remembered at `now`, or undefined. */
	wait(key: string, now = Date.now()): number | undefined {
		const until = this.#until.get(key, now);
		return until === undefined ? undefined : Math.ceil((until - now) / 1000);
	}

	/** Remembers that `key` was refused for `seconds` from `now`. */
	refuse(key: string, seconds: number, now = Date.now()): void {
		const until = now + seconds * 1000;
		this.#until.set(key, until, until);
	}
}
