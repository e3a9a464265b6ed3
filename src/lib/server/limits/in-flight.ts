/** Requests one user may have in progress at once on one instance. */
export const MAX_IN_FLIGHT_PER_USER = 8;

/**
 * Counts the requests each user has in progress on this instance, so that one account cannot
 * hold the process's memory or its database connections with parallel requests. It keeps no
 * state beyond the requests running now.
 */
export class InFlight {
	readonly #running = new Map<string, number>();

	constructor(private readonly max = MAX_IN_FLIGHT_PER_USER) {}

	/** Enters a request of `user`: the function that leaves it, or undefined when the user is at the cap. */
	enter(user: string): (() => void) | undefined {
		const count = this.#running.get(user) ?? 0;
		if (count >= this.max) return undefined;
		this.#running.set(user, count + 1);
		let left = false;
		return () => {
			if (left) return;
			left = true;
			const now = (this.#running.get(user) ?? 1) - 1;
			if (now === 0) this.#running.delete(user);
			else this.#running.set(user, now);
		};
	}

	/** The requests `user` has in progress. */
	count(user: string): number {
		return this.#running.get(user) ?? 0;
	}
}
