import { describe, expect, it } from 'vitest';
import { Refusals } from './refusals';

describe('Refusals', () => {
	it('repeats a refusal with the seconds left until its wait has ended', () => {
		const refusals = new Refusals();
		refusals.refuse('chat:a', 60, 1_000);
		expect(refusals.wait('chat:a', 1_000)).toBe(60);
		expect(refusals.wait('chat:a', 30_500)).toBe(31);
		expect(refusals.wait('chat:b', 1_000)).toBeUndefined();
		expect(refusals.wait('chat:a', 61_000)).toBeUndefined();
		expect(refusals.wait('chat:a', 2_000)).toBeUndefined();
	});

	it('keeps at most its number of keys, forgetting the oldest first', () => {
		const refusals = new Refusals(2);
		refusals.refuse('a', 10, 0);
		refusals.refuse('b', 10, 0);
		refusals.refuse('c', 10, 0);
		expect(refusals.wait('a', 0)).toBeUndefined();
		expect(refusals.wait('b', 0)).toBe(10);
		expect(refusals.wait('c', 0)).toBe(10);
	});
});
