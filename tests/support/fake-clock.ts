import type { LoopClock } from '../../src/lib/sync/sync-loop';

/** A clock whose timers run only when the test says so. */
export class FakeClock implements LoopClock {
	timers = new Map<number, { fn: () => void; ms: number }>();
	cleared: number[] = [];
	#next = 1;

	setTimeout(fn: () => void, ms: number): unknown {
		const handle = this.#next++;
		this.timers.set(handle, { fn, ms });
		return handle;
	}

	clearTimeout(handle: unknown): void {
		this.cleared.push(handle as number);
		this.timers.delete(handle as number);
	}

	/** The delays of the timers still set. */
	get delays(): number[] {
		return [...this.timers.values()].map((timer) => timer.ms);
	}

	/** Runs every timer still set. */
	fire(): void {
		const timers = [...this.timers.values()];
		this.timers.clear();
		for (const timer of timers) timer.fn();
	}
}
