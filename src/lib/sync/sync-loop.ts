/**
 * The sync loop: runs one sync pass at a time and decides when the next one runs.
 *
 *   idle ──kick──▶ running ──done──▶ idle
 *                     ├──retry(ms)──▶ waiting ──timer or kick──▶ running
 *                     ├──signed-out──▶ paused ───────────┐
 *                     └──other-account──▶ other-account ─┴──resume──▶ running
 *   otherAccount() (a sign-in in another tab): idle, waiting or paused ──▶ other-account at
 *   once; running ──▶ other-account when the pass ends.
 *   offline: no timers; a kick still runs a pass (the engine then only sends batches never
 *   tried, so that the service worker queues them for Background Sync), and `online()`
 *   retries at once.
 *
 * standBy(true) (the page is about to load a new version of the app): no pass starts and no
 * timer runs, whatever kicks come, until standBy(false), which runs one at once; the state
 * shown stays idle.
 *
 * `paused` (the server answered 401) and `other-account` (another account is signed in in
 * this browser: a `409 account_mismatch`, or a sign-in in another tab) run no pass, whatever
 * kicks or network changes come, until `resume()`.
 *
 * A kick while running runs one more pass afterwards, so that no change is left behind.
 */

/** What one sync pass reports. */
export type PassOutcome =
	| { next: 'idle' }
	| { next: 'retry'; delayMs: number }
	| { next: 'signed-out' }
	| { next: 'other-account' };

/** The timers the loop uses, injected so that tests drive them. */
export interface LoopClock {
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

/** Where the loop is; see the drawing above. */
export type LoopState = 'idle' | 'running' | 'waiting' | 'paused' | 'other-account';

/** A small state machine around an async sync pass. */
export class SyncLoop {
	#state: LoopState = 'idle';
	#timer: unknown;
	#again = false;
	/** Set when another account signed in while a pass was running: stop after it. */
	#hold = false;
	#online = true;
	/** standBy(true) was called and standBy(false) not since. */
	#standingBy = false;
	#attempt = 0;
	#passDone: Promise<void> = Promise.resolve();

	constructor(
		private readonly pass: (attempt: number) => Promise<PassOutcome>,
		private readonly clock: LoopClock,
		private readonly onState: (state: LoopState) => void = () => {}
	) {}

	get state(): LoopState {
		return this.#state;
	}

	/** Retries so far since the last successful pass. */
	get attempt(): number {
		return this.#attempt;
	}

	/** Resolves when the pass under way (if any) has finished. */
	settled(): Promise<void> {
		return this.#passDone;
	}

	/** Whether the browser is online, as last told. */
	get isOnline(): boolean {
		return this.#online;
	}

	/** Asks for a pass now (a change was made, or the network came back). */
	kick(): void {
		if (this.#state === 'running') {
			this.#again = true;
			return;
		}
		if (this.#isHeld() || this.#standingBy) return;
		this.#run();
	}

	/**
	 * `true`: the page is about to load a new version of the app, and its requests must not
	 * wake the service worker being replaced; no pass starts (one under way finishes) until
	 * standBy(false), which runs one at once.
	 */
	standBy(on: boolean): void {
		this.#standingBy = on;
		if (!on) return this.kick();
		this.#clearTimer();
		if (this.#state === 'waiting') this.#set('idle');
	}

	/** The browser went offline: no timed retries until online(). */
	offline(): void {
		this.#online = false;
		this.#clearTimer();
		if (this.#state === 'waiting') this.#set('idle');
	}

	/** The browser is online again: retry at once. */
	online(): void {
		this.#online = true;
		this.#attempt = 0;
		this.kick();
	}

	/**
	 * Another account signed in in this browser: no pass runs until resume(). A pass under way
	 * finishes first (the server refuses what it sends for the wrong account).
	 */
	otherAccount(): void {
		this.#clearTimer();
		if (this.#state === 'running') {
			this.#hold = true;
			return;
		}
		this.#set('other-account');
	}

	/** The journal's own account is signed in again (after a 401 or another account): resume. */
	resume(): void {
		this.#hold = false;
		if (this.#isHeld()) this.#set('idle');
		this.kick();
	}

	#isHeld(): boolean {
		return this.#state === 'paused' || this.#state === 'other-account';
	}

	#set(state: LoopState): void {
		this.#state = state;
		this.onState(state);
	}

	#clearTimer(): void {
		if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	#run(): void {
		this.#clearTimer();
		this.#set('running');
		this.#again = false;
		this.#passDone = this.pass(this.#attempt)
			.catch((): PassOutcome => ({ next: 'retry', delayMs: 1000 }))
			.then((outcome) => this.#after(outcome));
	}

	#after(outcome: PassOutcome): void {
		if (this.#hold || outcome.next === 'other-account') {
			this.#hold = false;
			this.#set('other-account');
			return;
		}
		if (outcome.next === 'signed-out') {
			this.#set('paused');
			return;
		}
		if (outcome.next === 'retry') {
			this.#attempt++;
			if (!this.#online || this.#standingBy) {
				this.#set('idle');
				return;
			}
			this.#set('waiting');
			this.#timer = this.clock.setTimeout(() => {
				this.#timer = undefined;
				this.#run();
			}, outcome.delayMs);
			return;
		}
		this.#attempt = 0;
		this.#set('idle');
		if (this.#again && !this.#standingBy) this.#run();
	}
}
