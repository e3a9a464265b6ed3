import type { LoopClock } from './sync-loop';

/** How long a pull waits at most for the page to draw what it was told. */
export const PAGE_PACE_CAP_MS = 1000;

/**
 * Paces a pull of many pages to the page that shows them. Once records are told to the page,
 * the next page of the pull is fetched when the page says it has drawn them (`caughtUp`), at
 * the latest after `capMs` (a page that never answers). The page's drawing then has the
 * device's cores to itself, instead of sharing them with the next page's download, the
 * server's answer and the journal's writes; on a new device that is what made the sign-in's
 * drawing tasks long.
 */
export class PagePace {
	#behind = false;
	#waiters: (() => void)[] = [];

	constructor(
		private readonly clock: LoopClock,
		private readonly capMs = PAGE_PACE_CAP_MS
	) {}

	/** The page was told of records. */
	told(): void {
		this.#behind = true;
	}

	/** The page has drawn what it was told. */
	caughtUp(): void {
		this.#behind = false;
		for (const wake of this.#waiters.splice(0)) wake();
	}

	/** Resolves at once when the page has drawn what it was told, else when it has, or at the cap. */
	ready(): Promise<void> {
		if (!this.#behind) return Promise.resolve();
		return new Promise((resolve) => {
			const wake = () => {
				this.clock.clearTimeout(timer);
				resolve();
			};
			const timer = this.clock.setTimeout(() => {
				this.#waiters = this.#waiters.filter((w) => w !== wake);
				// Not waited for again until the page is told something new.
				this.#behind = false;
				resolve();
			}, this.capMs);
			this.#waiters.push(wake);
		});
	}
}
