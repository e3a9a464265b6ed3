import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelay, retryAfterMs } from './backoff';

describe('backoffDelay', () => {
	it('uses a base of 1 s and a cap of 5 min', () => {
		expect(BACKOFF_BASE_MS).toBe(1_000);
		expect(BACKOFF_CAP_MS).toBe(300_000);
	});

	it('stays below 1000 ms on the first retry even when random is near 1', () => {
		expect(backoffDelay(0, () => 0.999)).toBe(999);
		expect(backoffDelay(0, () => 0.9999999)).toBeLessThan(1000);
	});

	it('draws from zero (full jitter) when random gives 0', () => {
		for (const attempt of [0, 1, 5, 20]) expect(backoffDelay(attempt, () => 0)).toBe(0);
	});

	it.each([
		[0, 500],
		[1, 1_000],
		[2, 2_000],
		[3, 4_000],
		[8, 128_000]
	])(
		'scales the ceiling as base · 2^attempt (attempt %i, random 0.5 → %i ms)',
		(attempt, expected) => {
			expect(backoffDelay(attempt, () => 0.5)).toBe(expected);
		}
	);

	it('caps the ceiling at 300000 ms', () => {
		expect(backoffDelay(9, () => 0.5)).toBe(150_000);
		expect(backoffDelay(10, () => 0.999)).toBe(299_700);
		expect(backoffDelay(50, () => 0.999)).toBe(299_700);
		expect(backoffDelay(10_000, () => 0.999)).toBe(299_700);
	});

	it('never reaches the cap itself', () => {
		expect(backoffDelay(40, () => 1 - Number.EPSILON)).toBeLessThan(BACKOFF_CAP_MS);
	});

	it('treats a negative attempt as the first', () => {
		expect(backoffDelay(-3, () => 0.5)).toBe(500);
	});

	it('spreads draws over the whole range [0, ceiling)', () => {
		const draws = [0, 0.25, 0.5, 0.75, 0.999].map((r) => backoffDelay(3, () => r));
		expect(draws).toEqual([0, 2_000, 4_000, 6_000, 7_992]);
	});

	it('takes a base and a cap', () => {
		expect(backoffDelay(4, () => 0.5, 100, 1_000)).toBe(500);
		expect(backoffDelay(2, () => 0.5, 100, 1_000)).toBe(200);
	});

	it('stays within bounds with Math.random', () => {
		for (let i = 0; i < 200; i++) {
			const delay = backoffDelay(2);
			expect(delay).toBeGreaterThanOrEqual(0);
			expect(delay).toBeLessThan(4_000);
			expect(Number.isInteger(delay)).toBe(true);
		}
	});
});

describe('retryAfterMs', () => {
	const now = Date.parse('2026-01-05T10:00:00.000Z');

	it.each<[string, number]>([
		['0', 0],
		['1', 1_000],
		['120', 120_000],
		[' 30 ', 30_000]
	])('reads %j seconds as %i ms', (header, expected) => {
		expect(retryAfterMs(header, now)).toBe(expected);
	});

	it('reads an HTTP date as the time until it', () => {
		expect(retryAfterMs('Mon, 05 Jan 2026 10:00:30 GMT', now)).toBe(30_000);
		expect(retryAfterMs('Mon, 05 Jan 2026 10:05:00 GMT', now)).toBe(300_000);
	});

	it('gives 0 for an HTTP date in the past', () => {
		expect(retryAfterMs('Mon, 05 Jan 2026 09:59:00 GMT', now)).toBe(0);
	});

	it.each<[string | null]>([
		[null],
		[''],
		['   '],
		['soon'],
		['later please'],
		['Infinity'],
		['NaN'],
		// RFC 9110: delay-seconds is digits only.
		['1.5'],
		['1e3'],
		['0x10'],
		['-5']
	])('gives undefined for the header %j', (header) => {
		expect(retryAfterMs(header, now)).toBeUndefined();
	});
});
