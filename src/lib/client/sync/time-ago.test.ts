import { describe, expect, it } from 'vitest';
import { timeAgo } from './time-ago';

const NOW = Date.UTC(2026, 4, 10, 12, 0, 0);

describe('timeAgo', () => {
	const cases: [string, number, string][] = [
		['a moment ago', 10_000, 'just now'],
		['a clock a little ahead', -5_000, 'just now'],
		['under two minutes', 80_000, '1 min ago'],
		['minutes', 2 * 60_000 + 10_000, '2 min ago'],
		['hours', 3 * 3_600_000 + 60_000, '3 h ago'],
		['a day', 30 * 3_600_000, 'yesterday'],
		['days', 9 * 24 * 3_600_000, 'on 1 May']
	];
	for (const [name, ago, expected] of cases) {
		it(`says ${expected} for ${name}`, () => {
			expect(timeAgo(NOW - ago, NOW)).toBe(expected);
		});
	}
});
