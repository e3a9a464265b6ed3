import { describe, expect, it } from 'vitest';
import { PushTrigger } from './push-trigger';

/** Replays changes at the given times and returns the times pushes went. */
function pushes(
	changes: { at: number; kind: 'now' | 'soon' | 'quiet' }[],
	until: number
): number[] {
	const trigger = new PushTrigger(1_000, 1_000);
	const sent: number[] = [];
	let next = 0;
	for (let now = 0; now <= until; now += 10) {
		while (next < changes.length && (changes[next]?.at ?? Infinity) <= now) {
			trigger.change(changes[next]?.kind ?? 'now', now);
			next++;
		}
		const due = trigger.due;
		if (due !== undefined && due <= now) {
			trigger.fired(now);
			sent.push(now);
		}
	}
	return sent;
}

describe('PushTrigger', () => {
	it('sends the first change at once', () => {
		expect(pushes([{ at: 0, kind: 'soon' }], 5_000)).toEqual([0]);
		expect(pushes([{ at: 0, kind: 'now' }], 5_000)).toEqual([0]);
	});

	it('sends a burst of ten changes within a second in two pushes', () => {
		const burst = Array.from({ length: 10 }, (_, i) => ({ at: i * 100, kind: 'soon' as const }));
		expect(pushes(burst, 5_000)).toEqual([0, 1_000]);
	});

	it('sends changes a few seconds apart each at once', () => {
		const spread = [0, 3_000, 6_000].map((at) => ({ at, kind: 'soon' as const }));
		expect(pushes(spread, 10_000)).toEqual([0, 3_000, 6_000]);
	});

	it("sends the user's message at once even right after a push, and takes waiting changes along", () => {
		expect(
			pushes(
				[
					{ at: 0, kind: 'soon' },
					{ at: 100, kind: 'soon' },
					{ at: 300, kind: 'now' }
				],
				5_000
			)
		).toEqual([0, 300]);
	});

	it('sends twenty title edits once, a second after the last', () => {
		const typing = Array.from({ length: 20 }, (_, i) => ({ at: i * 50, kind: 'quiet' as const }));
		expect(pushes(typing, 5_000)).toEqual([1_950]);
	});

	it('lets a message carry a title edit waiting for quiet', () => {
		expect(
			pushes(
				[
					{ at: 0, kind: 'quiet' },
					{ at: 200, kind: 'soon' }
				],
				5_000
			)
		).toEqual([200]);
	});

	it('sends nothing when nothing changed', () => {
		expect(pushes([], 5_000)).toEqual([]);
		expect(new PushTrigger().due).toBeUndefined();
	});

	it('reads a pace given as functions at every change', () => {
		let windowMs = 1_000;
		const trigger = new PushTrigger(
			() => windowMs,
			() => windowMs
		);
		trigger.fired(0);
		expect(trigger.change('soon', 100)).toBe(1_000);
		trigger.fired(1_000);
		windowMs = 5_000;
		expect(trigger.change('soon', 1_100)).toBe(6_000);
		expect(trigger.change('now', 1_200)).toBe(1_200);
	});
});
