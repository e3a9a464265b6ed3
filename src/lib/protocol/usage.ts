import { z } from 'zod';
import { storableYear } from './text';

const day = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
	.refine((s) => {
		const time = Date.parse(`${s}T00:00:00.000Z`);
		return Number.isFinite(time) && new Date(time).toISOString().startsWith(s);
	}, 'must be a real date')
	.refine(storableYear, 'must be in the years 0001 to 9999');

/** Most days one usage request may span. */
export const MAX_USAGE_DAYS = 366;

/** Query of `GET /api/usage`: an inclusive range of UTC days. */
export const usageQuery = z
	.strictObject({ from: day, to: day })
	.refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] })
	.refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_USAGE_DAYS, {
		message: `the range is at most ${MAX_USAGE_DAYS} days`,
		path: ['to']
	});
export type UsageQuery = z.infer<typeof usageQuery>;

/** One UTC day of a user's usage. */
export const usageDay = z.object({
	date: z.string(),
	messagesSent: z.number().int(),
	messagesReceived: z.number().int(),
	inputTokens: z.number().int(),
	outputTokens: z.number().int()
});
export type UsageDay = z.infer<typeof usageDay>;

/** The answer of `GET /api/usage`: every day of the range, in order, zeros included. */
export const usageResponse = z.object({ days: z.array(usageDay) });
