import type { Queryable } from '../db/database';

/** Thrown inside a transaction to roll it back when the user is over the rate limit. */
export class RateLimitedError extends Error {
	override name = 'RateLimitedError';
	readonly code = 'rate_limited';
	constructor(readonly retryAfterSeconds: number) {
		super('rate limited');
	}
}

/**
 * Counts one sync request of the user in the current minute, in the database so that every
 * instance shares the count (outpost_count_request, which a push calls inside
 * outpost_push_begin). Resolves to the seconds to wait when over `limit`, else null. A `limit`
 * of 0 turns the limit off.
 */
export async function countRequest(
	tx: Queryable,
	userId: string,
	limit: number
): Promise<number | null> {
	if (limit === 0) return null;
	const [row] = await tx.query<{ retry_after: number | null }>(
		'select outpost_count_request($1, $2) as retry_after',
		[userId, limit]
	);
	return row?.retry_after == null ? null : Number(row.retry_after);
}

/** The outcome for a transaction rolled back by RateLimitedError; any other error is rethrown. */
export function rateLimitedOutcome(error: unknown): {
	ok: false;
	code: 'rate_limited';
	retryAfterSeconds: number;
} {
	if (error instanceof RateLimitedError) {
		return { ok: false, code: 'rate_limited', retryAfterSeconds: error.retryAfterSeconds };
	}
	throw error;
}
