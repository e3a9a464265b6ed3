import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isDay, rangeQuery, usageUrl, utcDay } from './usage-range';

describe('rangeQuery', () => {
	it.each([
		[7, '2026-03-04'],
		[30, '2026-02-09'],
		[90, '2025-12-11']
	] as const)('asks for the last %i days, today included', (days, from) => {
		const result = rangeQuery({ kind: 'preset', days }, '2026-03-10');
		expect(result).toEqual({ ok: true, query: { from, to: '2026-03-10' } });
		if (result.ok) expect(daysBetween(result.query.from, result.query.to)).toBe(days);
	});

	it('crosses month, year and leap-day boundaries by calendar days', () => {
		expect(rangeQuery({ kind: 'preset', days: 7 }, '2024-03-02')).toEqual({
			ok: true,
			query: { from: '2024-02-25', to: '2024-03-02' }
		});
		expect(rangeQuery({ kind: 'preset', days: 7 }, '2026-01-03')).toMatchObject({
			query: { from: '2025-12-28' }
		});
	});

	it('passes a custom range through as it is', () => {
		expect(
			rangeQuery({ kind: 'custom', from: '2026-01-01', to: '2026-01-01' }, '2026-03-10')
		).toEqual({ ok: true, query: { from: '2026-01-01', to: '2026-01-01' } });
	});

	it.each([
		[{ from: '', to: '2026-01-01' }, 'Pick both a start and an end date.'],
		[{ from: '2026-02-30', to: '2026-03-01' }, 'Dates must be real days.'],
		[{ from: '2026-01-02', to: '2026-01-01' }, 'The start date must not be after the end date.'],
		[{ from: '2025-01-01', to: '2026-01-02' }, 'Pick at most 366 days.']
	])('refuses the custom range %j with a reason', (range, error) => {
		expect(rangeQuery({ kind: 'custom', ...range }, '2026-03-10')).toEqual({ ok: false, error });
	});

	it('accepts a custom range of exactly 366 days', () => {
		expect(
			rangeQuery({ kind: 'custom', from: '2024-01-01', to: '2024-12-31' }, '2026-03-10').ok
		).toBe(true);
	});
});

describe('days', () => {
	it('reads the UTC day of a time, whatever the local time zone', () => {
		expect(utcDay(new Date('2026-03-10T23:30:00-05:00'))).toBe('2026-03-11');
	});

	it('moves a day back and forth', () => {
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
	});

	it.each(['2026-1-01', '2026-13-01', 'today', '2026-02-29'])('knows %j is no day', (day) => {
		expect(isDay(day)).toBe(false);
	});

	it('builds the API URL', () => {
		expect(usageUrl({ from: '2026-01-01', to: '2026-01-07' })).toBe(
			'/api/usage?from=2026-01-01&to=2026-01-07'
		);
	});
});
