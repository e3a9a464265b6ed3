/** Timers, injected so that tests can drive them. */
export interface CountdownClock {
	setTimeout: (fn: () => void, ms: number) => unknown;
	clearTimeout: (handle: unknown) => void;
	now: () => number;
}

/** The browser's timers. */
export const BROWSER_CLOCK: CountdownClock = {
	setTimeout: (fn, ms) => setTimeout(fn, ms),
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
	now: () => Date.now()
};

/**
 * A countdown to one action that can be paused (while the reader looks at the Undo toast),
 * cancelled (Undo) or run at once. The action runs at most once.
 */
export class UndoCountdown {
	#clock: CountdownClock;
	#action: () => void;
	#left: number;
	#startedAt = 0;
	#timer: unknown;
	#done = false;

	constructor(ms: number, action: () => void, clock: CountdownClock = BROWSER_CLOCK) {
		this.#clock = clock;
		this.#action = action;
		this.#left = ms;
		this.resume();
	}

	/** Whether the action ran or was cancelled. */
	get done(): boolean {
		return this.#done;
	}

	/** Stops the countdown where it is. */
	pause(): void {
		if (this.#done || this.#timer === undefined) return;
		this.#clock.clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#left = Math.max(0, this.#left - (this.#clock.now() - this.#startedAt));
	}

	/** Carries on counting down from where it was paused. */
	resume(): void {
		if (this.#done || this.#timer !== undefined) return;
		this.#startedAt = this.#clock.now();
		this.#timer = this.#clock.setTimeout(() => this.now(), this.#left);
	}

	/** Runs the action now (if it has not run nor been cancelled). */
	now(): void {
		if (this.#done) return;
		this.cancel();
		this.#action();
	}

	/** Never runs the action. */
	cancel(): void {
		if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#done = true;
	}
}
