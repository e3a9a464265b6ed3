import { describe, expect, it } from 'vitest';
import type { UsageDay } from '$lib/protocol/usage';
import { dayLabel, isEmptyUsage, usageSeries, usageTotals } from './usage-series';

const day = (date: string, n: number): UsageDay => ({
	date,
	messagesSent: n,
	messagesReceived: n,
	inputTokens: 10 * n,
	outputTokens: 100 * n
});

describe('usageSeries', () => {
	it('has every day of the range in order, missing days as zero', () => {
		const series = usageSeries([day('2026-01-04', 3), day('2026-01-01', 1)], {
			from: '2026-01-01',
			to: '2026-01-04'
		});
		expect(series).toEqual({
			dates: ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04'],
			messagesSent: [1, 0, 0, 3],
			messagesReceived: [1, 0, 0, 3],
			inputTokens: [10, 0, 0, 30],
			outputTokens: [100, 0, 0, 300]
		});
	});

	it('leaves out days outside the range', () => {
		const series = usageSeries([day('2025-12-31', 9), day('2026-01-02', 2)], {
			from: '2026-01-01',
			to: '2026-01-01'
		});
		expect(series.dates).toEqual(['2026-01-01']);
		expect(series.messagesSent).toEqual([0]);
	});

	it('fills a range the server answered with no days at all', () => {
		const series = usageSeries([], { from: '2026-02-27', to: '2026-03-02' });
		expect(series.dates).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
		expect(isEmptyUsage(usageTotals(series))).toBe(true);
	});
});

describe('usageTotals', () => {
	it('sums each series', () => {
		const totals = usageTotals(
			usageSeries([day('2026-01-01', 1), day('2026-01-02', 2)], {
				from: '2026-01-01',
				to: '2026-01-02'
			})
		);
		expect(totals).toEqual({
			messagesSent: 3,
			messagesReceived: 3,
			inputTokens: 30,
			outputTokens: 300
		});
		expect(isEmptyUsage(totals)).toBe(false);
	});
});

describe('dayLabel', () => {
	it('names the day as written, whatever the time zone', () => {
		expect(dayLabel('2026-01-05')).toBe('Jan 5');
		expect(dayLabel('2026-12-31')).toBe('Dec 31');
	});
});
