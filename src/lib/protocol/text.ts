import { z } from 'zod';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Number of Unicode code points in a string (the unit every protocol length uses). */
export function codePointLength(value: string): number {
	let count = 0;
	for (let i = 0; i < value.length; i++) {
		const unit = value.charCodeAt(i);
		if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
			const next = value.charCodeAt(i + 1);
			if (next >= 0xdc00 && next <= 0xdfff) i++;
		}
		count++;
	}
	return count;
}

/** A protocol string: no NUL, no lone surrogate, at most `max` code points. */
export function protocolText(max: number) {
	return (
		z
			.string()
			.refine((s) => !s.includes('\u0000'), 'must not contain NUL')
			.refine((s) => !LONE_SURROGATE.test(s), 'must not contain a lone surrogate')
			// A string has no more code points than UTF-16 units: only a longer one is counted.
			.refine(
				(s) => s.length <= max || codePointLength(s) <= max,
				`must be at most ${max} characters`
			)
	);
}

const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Whether a four-digit year is one the database stores: 0001 to 9999. JavaScript dates take
 * year 0000, PostgreSQL does not.
 */
export const storableYear = (iso: string) => !iso.startsWith('0000');

/** An ISO 8601 UTC timestamp with milliseconds that names a real instant in the years 0001–9999. */
export const timestamp = z
	.string()
	.regex(ISO_UTC_MS, 'must be an ISO 8601 UTC timestamp with milliseconds')
	.refine((s) => {
		const time = Date.parse(s);
		return Number.isFinite(time) && new Date(time).toISOString() === s;
	}, 'must be a real date and time')
	.refine(storableYear, 'must be in the years 0001 to 9999');

/** A client-made id: 1–64 characters of `[A-Za-z0-9_-]`. */
export const recordId = z
	.string()
	.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 of A-Z a-z 0-9 _ -');

/** An integer from 0 to 2³¹−1. */
export const count = z
	.number()
	.int()
	.min(0)
	.max(2 ** 31 - 1);
