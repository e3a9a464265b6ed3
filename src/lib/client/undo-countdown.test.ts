import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UndoCountdown, type CountdownClock } from './undo-countdown';

const clock: CountdownClock = {
	setTimeout: (fn, ms) => setTimeout(fn, ms),
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
	now: () => Date.now()
};

describe('UndoCountdown', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('runs its action once the time is up, once', () => {
		const action = vi.fn();
		const countdown = new UndoCountdown(5_000, action, clock);
		vi.advanceTimersByTime(4_999);
		expect(action).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1);
		expect(action).toHaveBeenCalledTimes(1);
		countdown.now();
		expect(action).toHaveBeenCalledTimes(1);
		expect(countdown.done).toBe(true);
	});

	it('never runs once cancelled (Undo)', () => {
		const action = vi.fn();
		const countdown = new UndoCountdown(5_000, action, clock);
		countdown.cancel();
		countdown.now();
		vi.advanceTimersByTime(10_000);
		expect(action).not.toHaveBeenCalled();
	});

	it('waits while paused and carries on with the time that was left', () => {
		const action = vi.fn();
		const countdown = new UndoCountdown(5_000, action, clock);
		vi.advanceTimersByTime(3_000);
		countdown.pause();
		vi.advanceTimersByTime(60_000);
		expect(action).not.toHaveBeenCalled();
		countdown.resume();
		countdown.resume();
		vi.advanceTimersByTime(1_999);
		expect(action).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1);
		expect(action).toHaveBeenCalledTimes(1);
	});

	it('runs at once when asked (another delete, the toast dismissed)', () => {
		const action = vi.fn();
		new UndoCountdown(5_000, action, clock).now();
		expect(action).toHaveBeenCalledTimes(1);
		vi.advanceTimersByTime(10_000);
		expect(action).toHaveBeenCalledTimes(1);
	});
});
