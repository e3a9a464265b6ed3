import type { UsageDay, UsageQuery } from '$lib/protocol/usage';
import { addDays } from './usage-range';

/** A range's usage as chart series: one entry per day, every day of the range, in order. */
export interface UsageSeries {
	dates: string[];
	messagesSent: number[];
	messagesReceived: number[];
	inputTokens: number[];
	outputTokens: number[];
}

/** The sums of a range. */
export interface UsageTotals {
	messagesSent: number;
	messagesReceived: number;
	inputTokens: number;
	outputTokens: number;
}

/**
 * The series of every day from `query.from` to `query.to`: a day the server left out counts
 * zero, and days outside the range are left out.
 */
export function usageSeries(days: readonly UsageDay[], query: UsageQuery): UsageSeries {
	const byDate = new Map(days.map((day) => [day.date, day]));
	const series: UsageSeries = {
		dates: [],
		messagesSent: [],
		messagesReceived: [],
		inputTokens: [],
		outputTokens: []
	};
	for (let date = query.from; date <= query.to; date = addDays(date, 1)) {
		const day = byDate.get(date);
		series.dates.push(date);
		series.messagesSent.push(day?.messagesSent ?? 0);
		series.messagesReceived.push(day?.messagesReceived ?? 0);
		series.inputTokens.push(day?.inputTokens ?? 0);
		series.outputTokens.push(day?.outputTokens ?? 0);
	}
	return series;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** The totals of `series`. */
export function usageTotals(series: UsageSeries): UsageTotals {
	return {
		messagesSent: sum(series.messagesSent),
		messagesReceived: sum(series.messagesReceived),
		inputTokens: sum(series.inputTokens),
		outputTokens: sum(series.outputTokens)
	};
}

/** Whether a range has no usage at all. */
export function isEmptyUsage(totals: UsageTotals): boolean {
	return Object.values(totals).every((value) => value === 0);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A day (`YYYY-MM-DD`, a UTC day) as a short label (`Jan 5`). The app speaks English, and doing
 * this by hand keeps the locale data out of the page's first task: the first `Intl` formatter
 * of a page loads it, which takes a phone a few dozen milliseconds.
 */
export function dayLabel(date: string): string {
	const [, month = 0, day = 0] = date.split('-').map(Number);
	return `${MONTHS[month - 1] ?? '?'} ${day}`;
}
