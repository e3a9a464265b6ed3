import { describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../../tests/support/fake-clock';
import { SyncLoop, type LoopState, type PassOutcome } from './sync-loop';

/** A sync pass the test answers by hand. */
class ScriptedPass {
	calls: number[] = [];
	#answers: ((outcome: PassOutcome) => void)[] = [];
	#failures: ((error: Error) => void)[] = [];

	readonly run = (attempt: number): Promise<PassOutcome> => {
		this.calls.push(attempt);
		return new Promise<PassOutcome>((resolve, reject) => {
			this.#answers.push(resolve);
			this.#failures.push(reject);
		});
	};

	/** Ends the oldest pass still running with `outcome`. */
	answer(outcome: PassOutcome): void {
		const resolve = this.#answers.shift();
		this.#failures.shift();
		if (!resolve) throw new Error('no pass is running');
		resolve(outcome);
	}

	/** Makes the oldest pass still running throw. */
	fail(error: Error): void {
		const reject = this.#failures.shift();
		this.#answers.shift();
		if (!reject) throw new Error('no pass is running');
		reject(error);
	}
}

function setup() {
	const clock = new FakeClock();
	const pass = new ScriptedPass();
	const states: LoopState[] = [];
	const loop = new SyncLoop(pass.run, clock, (state) => states.push(state));
	return { clock, pass, states, loop };
}

const IDLE: PassOutcome = { next: 'idle' };

describe('SyncLoop', () => {
	it('starts idle and runs no pass by itself', () => {
		const { loop, pass } = setup();
		expect(loop.state).toBe('idle');
		expect(pass.calls).toEqual([]);
	});

	it('runs a pass on a kick and goes back to idle after it', async () => {
		const { loop, pass, states, clock } = setup();
		loop.kick();
		expect(loop.state).toBe('running');
		expect(pass.calls).toEqual([0]);
		pass.answer(IDLE);
		await loop.settled();
		expect(loop.state).toBe('idle');
		expect(states).toEqual(['running', 'idle']);
		expect(clock.timers.size).toBe(0);
	});

	it('schedules a retry timer with the delay the pass gives', async () => {
		const { loop, pass, clock } = setup();
		loop.kick();
		pass.answer({ next: 'retry', delayMs: 2_500 });
		await loop.settled();
		expect(loop.state).toBe('waiting');
		expect(clock.delays).toEqual([2_500]);
		expect(loop.attempt).toBe(1);
		expect(pass.calls).toEqual([0]);
	});

	it('runs the next pass when the retry timer fires, with the attempt count', async () => {
		const { loop, pass, clock } = setup();
		loop.kick();
		pass.answer({ next: 'retry', delayMs: 1_000 });
		await loop.settled();
		clock.fire();
		expect(pass.calls).toEqual([0, 1]);
		pass.answer({ next: 'retry', delayMs: 4_000 });
		await loop.settled();
		expect(clock.delays).toEqual([4_000]);
		clock.fire();
		expect(pass.calls).toEqual([0, 1, 2]);
		pass.answer(IDLE);
		await loop.settled();
		expect(loop.attempt).toBe(0);
		expect(loop.state).toBe('idle');
	});

	it('runs at once on a kick while waiting and drops the retry timer', async () => {
		const { loop, pass, clock } = setup();
		loop.kick();
		pass.answer({ next: 'retry', delayMs: 60_000 });
		await loop.settled();
		loop.kick();
		expect(pass.calls).toEqual([0, 1]);
		expect(clock.timers.size).toBe(0);
		expect(clock.cleared).toHaveLength(1);
	});

	it('retries after 1 s when the pass throws', async () => {
		const { loop, pass, clock } = setup();
		loop.kick();
		pass.fail(new Error('boom'));
		await loop.settled();
		expect(loop.state).toBe('waiting');
		expect(clock.delays).toEqual([1_000]);
	});

	it('cancels the retry timer when the browser goes offline', async () => {
		const { loop, pass, clock } = setup();
		loop.kick();
		pass.answer({ next: 'retry', delayMs: 5_000 });
		await loop.settled();
		loop.offline();
		expect(clock.timers.size).toBe(0);
		expect(clock.cleared).toHaveLength(1);
		expect(loop.state).toBe('idle');
		expect(loop.isOnline).toBe(false);
		expect(pass.calls).toEqual([0]);
	});

	it('still runs a pass on a kick while offline but sets no retry timer', async () => {
		const { loop, pass, clock } = setup();
		loop.offline();
		loop.kick();
		expect(pass.calls).toEqual([0]);
		pass.answer({ next: 'retry', delayMs: 5_000 });
		await loop.settled();
		expect(clock.timers.size).toBe(0);
		expect(loop.state).toBe('idle');
	});

	it('runs a pass at once with the attempt count reset when the browser comes back online', async () => {
		const { loop, pass, clock } = setup();
		loop.kick();
		pass.answer({ next: 'retry', delayMs: 5_000 });
		await loop.settled();
		loop.offline();
		expect(loop.attempt).toBe(1);
		loop.online();
		expect(loop.isOnline).toBe(true);
		expect(pass.calls).toEqual([0, 0]);
		expect(loop.state).toBe('running');
		pass.answer(IDLE);
		await loop.settled();
		expect(clock.timers.size).toBe(0);
	});

	it('pauses after a signed-out pass and ignores kicks until resume()', async () => {
		const { loop, pass, clock } = setup();
		loop.kick();
		pass.answer({ next: 'signed-out' });
		await loop.settled();
		expect(loop.state).toBe('paused');
		loop.kick();
		loop.kick();
		expect(pass.calls).toEqual([0]);
		expect(clock.timers.size).toBe(0);
		loop.resume();
		expect(pass.calls).toEqual([0, 0]);
		expect(loop.state).toBe('running');
		pass.answer(IDLE);
		await loop.settled();
		expect(loop.state).toBe('idle');
	});

	it('stays paused when the browser comes back online while signed out', async () => {
		const { loop, pass } = setup();
		loop.kick();
		pass.answer({ next: 'signed-out' });
		await loop.settled();
		loop.offline();
		loop.online();
		expect(loop.state).toBe('paused');
		expect(pass.calls).toEqual([0]);
	});

	it('stops after a pass whose request was bound to another account and runs nothing more', async () => {
		const { loop, pass, clock, states } = setup();
		loop.kick();
		pass.answer({ next: 'other-account' });
		await loop.settled();
		expect(loop.state).toBe('other-account');
		loop.kick();
		loop.offline();
		loop.online();
		expect(pass.calls).toEqual([0]);
		expect(clock.timers.size).toBe(0);
		expect(states).toEqual(['running', 'other-account']);
	});

	it('runs again from other-account only on resume()', async () => {
		const { loop, pass } = setup();
		loop.kick();
		pass.answer({ next: 'other-account' });
		await loop.settled();
		loop.resume();
		expect(loop.state).toBe('running');
		expect(pass.calls).toEqual([0, 0]);
		pass.answer(IDLE);
		await loop.settled();
		expect(loop.state).toBe('idle');
	});

	it('goes to other-account at once when told while waiting, and drops the retry timer', async () => {
		const { loop, pass, clock } = setup();
		loop.kick();
		pass.answer({ next: 'retry', delayMs: 30_000 });
		await loop.settled();
		loop.otherAccount();
		expect(loop.state).toBe('other-account');
		expect(clock.timers.size).toBe(0);
		clock.fire();
		loop.kick();
		expect(pass.calls).toEqual([0]);
	});

	it('goes to other-account from paused when another account signs in', async () => {
		const { loop, pass } = setup();
		loop.kick();
		pass.answer({ next: 'signed-out' });
		await loop.settled();
		loop.otherAccount();
		expect(loop.state).toBe('other-account');
		loop.kick();
		expect(pass.calls).toEqual([0]);
	});

	it('lets a running pass end when told of another account, then stops whatever it reports', async () => {
		const { loop, pass, clock } = setup();
		loop.kick();
		loop.otherAccount();
		expect(loop.state).toBe('running');
		loop.kick();
		pass.answer({ next: 'retry', delayMs: 1_000 });
		await loop.settled();
		expect(loop.state).toBe('other-account');
		expect(clock.timers.size).toBe(0);
		expect(pass.calls).toEqual([0]);
	});

	it('keeps running when its account signs in again before the held pass ends', async () => {
		const { loop, pass } = setup();
		loop.kick();
		loop.otherAccount();
		loop.resume();
		pass.answer(IDLE);
		await loop.settled();
		// resume() asked for a pass, so one more runs after the one under way.
		expect(pass.calls).toEqual([0, 0]);
		pass.answer(IDLE);
		await loop.settled();
		expect(loop.state).toBe('idle');
	});

	it('under fake timers, a retry timer set before another account signed in never fires a pass', async () => {
		vi.useFakeTimers();
		try {
			const pass = new ScriptedPass();
			const loop = new SyncLoop(pass.run, {
				setTimeout: (fn, ms) => setTimeout(fn, ms),
				clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
			});
			loop.kick();
			pass.answer({ next: 'retry', delayMs: 3_000 });
			await loop.settled();
			loop.otherAccount();
			vi.advanceTimersByTime(60_000);
			expect(pass.calls).toEqual([0]);
			expect(loop.state).toBe('other-account');
		} finally {
			vi.useRealTimers();
		}
	});

	it('standing by for a new version: no pass on kicks, no retry timer, one pass when it ends', async () => {
		const { loop, pass, clock } = setup();
		loop.kick();
		pass.answer({ next: 'retry', delayMs: 5_000 });
		await loop.settled();
		loop.standBy(true);
		expect(clock.timers.size).toBe(0);
		expect(loop.state).toBe('idle');
		loop.kick();
		loop.online();
		expect(pass.calls).toEqual([0]);
		loop.standBy(false);
		expect(pass.calls).toEqual([0, 0]);
	});

	it('lets a pass under way end when told to stand by, and neither retries nor runs the kick it got', async () => {
		const { loop, pass, clock } = setup();
		loop.kick();
		loop.standBy(true);
		loop.kick();
		pass.answer({ next: 'retry', delayMs: 1_000 });
		await loop.settled();
		expect(loop.state).toBe('idle');
		expect(clock.timers.size).toBe(0);
		expect(pass.calls).toEqual([0]);
	});

	it('runs exactly one more pass after a pass during which it was kicked', async () => {
		const { loop, pass, states } = setup();
		loop.kick();
		loop.kick();
		loop.kick();
		expect(pass.calls).toEqual([0]);
		pass.answer(IDLE);
		await loop.settled();
		expect(pass.calls).toEqual([0, 0]);
		expect(loop.state).toBe('running');
		pass.answer(IDLE);
		await loop.settled();
		expect(pass.calls).toEqual([0, 0]);
		expect(loop.state).toBe('idle');
		expect(states).toEqual(['running', 'idle', 'running', 'idle']);
	});

	it('runs one pass at a time', async () => {
		const { loop, pass } = setup();
		loop.kick();
		loop.kick();
		expect(pass.calls).toHaveLength(1);
		pass.answer(IDLE);
		await loop.settled();
		expect(pass.calls).toHaveLength(2);
	});

	it('works with the global timers under fake timers', async () => {
		vi.useFakeTimers();
		try {
			const pass = new ScriptedPass();
			const loop = new SyncLoop(pass.run, {
				setTimeout: (fn, ms) => setTimeout(fn, ms),
				clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
			});
			loop.kick();
			pass.answer({ next: 'retry', delayMs: 3_000 });
			await loop.settled();
			vi.advanceTimersByTime(2_999);
			expect(pass.calls).toEqual([0]);
			vi.advanceTimersByTime(1);
			expect(pass.calls).toEqual([0, 1]);
		} finally {
			vi.useRealTimers();
		}
	});
});
