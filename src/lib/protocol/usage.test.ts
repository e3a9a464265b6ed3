import { describe, expect, it } from 'vitest';
import { usageQuery } from './usage';

describe('usageQuery', () => {
	it.each([
		['a range of real days', '2026-01-01', '2026-01-31', true],
		['the first storable day', '0001-01-01', '0001-01-02', true],
		['year 0000, which the database has no days of', '0000-01-01', '0000-01-02', false],
		['a day that does not exist', '2026-02-30', '2026-03-01', false],
		['from after to', '2026-02-02', '2026-02-01', false],
		['more than 366 days', '2026-01-01', '2027-01-02', false]
	])('judges %s', (_name, from, to, valid) => {
		expect(usageQuery.safeParse({ from, to }).success).toBe(valid);
	});
});
