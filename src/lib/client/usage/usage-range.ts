import { MAX_USAGE_DAYS, type UsageQuery } from '$lib/protocol/usage';

const DAY_MS = 86_400_000;

/** The ranges the usage page offers, by the days they span up to today. */
export const RANGE_PRESETS = [7, 30, 90] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** A range the reader picked: the last few days, or two days of their own. */
export type UsageRange =
	{ kind: 'preset'; days: RangePreset } | { kind: 'custom'; from: string; to: string };

/** The range the page opens with. */
export const DEFAULT_RANGE: UsageRange = { kind: 'preset', days: 30 };

/** The UTC day of `date` as `YYYY-MM-DD`: usage is counted per UTC day. */
export function utcDay(date: Date): string {
	return date.toISOString().slice(0, 10);
}

/** Whether `day` is a real `YYYY-MM-DD` date. */
export function isDay(day: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
	const time = Date.parse(`${day}T00:00:00.000Z`);
	return Number.isFinite(time) && utcDay(new Date(time)) === day;
}

/** `day` moved by `days` days (negative: earlier). */
export function addDays(day: string, days: number): string {
	return utcDay(new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS));
}

/** How many days `from` to `to` spans, both included. */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** A range turned into the query of `GET /api/usage`, or why it cannot be asked for. */
export type RangeQueryResult = { ok: true; query: UsageQuery } | { ok: false; error: string };

/**
 * The query of `GET /api/usage` for `range`, `today` being the current UTC day: a preset of n
 * days ends today and starts n − 1 days before. A custom range is checked as the server checks
 * it, with the reason in words a person understands.
 */
export function rangeQuery(range: UsageRange, today: string): RangeQueryResult {
	if (range.kind === 'preset') {
		return { ok: true, query: { from: addDays(today, 1 - range.days), to: today } };
	}
	const { from, to } = range;
	if (!from || !to) return { ok: false, error: 'Pick both a start and an end date.' };
	if (!isDay(from) || !isDay(to)) return { ok: false, error: 'Dates must be real days.' };
	if (from > to) return { ok: false, error: 'The start date must not be after the end date.' };
	if (daysBetween(from, to) > MAX_USAGE_DAYS) {
		return { ok: false, error: `Pick at most ${MAX_USAGE_DAYS} days.` };
	}
	return { ok: true, query: { from, to } };
}

/** The URL of `GET /api/usage` for `query`. */
export function usageUrl(query: UsageQuery): string {
	return `/api/usage?${new URLSearchParams({ from: query.from, to: query.to })}`;
}
