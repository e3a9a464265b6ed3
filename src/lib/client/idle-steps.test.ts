import { describe, expect, it } from 'vitest';
import { runWhenIdle } from './idle-steps';

/** An idle scheduler whose callbacks run when the test says. */
function fakeIdle() {
	const waiting: { callback: () => void; timeout: number }[] = [];
	return {
		schedule: (callback: () => void, options: { timeout: number }) => {
			waiting.push({ callback, timeout: options.timeout });
		},
		waiting,
		runNext() {
			waiting.shift()?.callback();
		}
	};
}

describe('runWhenIdle', () => {
	it('runs each step in an idle period of its own, in order', () => {
		const idle = fakeIdle();
		const ran: number[] = [];
		runWhenIdle(
			[1, 2, 3].map((n) => () => void ran.push(n)),
			500,
			idle.schedule
		);
		expect(ran).toEqual([]);
		expect(idle.waiting).toHaveLength(1);
		expect(idle.waiting[0]?.timeout).toBe(500);
		idle.runNext();
		expect(ran).toEqual([1]);
		expect(idle.waiting).toHaveLength(1);
		idle.runNext();
		idle.runNext();
		expect(ran).toEqual([1, 2, 3]);
		expect(idle.waiting).toHaveLength(0);
	});

	it('goes on to the next step when one throws', () => {
		const idle = fakeIdle();
		const ran: string[] = [];
		runWhenIdle(
			[
				() => {
					throw new Error('broken');
				},
				() => void ran.push('second')
			],
			2000,
			idle.schedule
		);
		expect(() => idle.runNext()).toThrow('broken');
		idle.runNext();
		expect(ran).toEqual(['second']);
	});

	it('asks for nothing when there is nothing to do', () => {
		const idle = fakeIdle();
		runWhenIdle([], 2000, idle.schedule);
		expect(idle.waiting).toHaveLength(0);
	});
});
