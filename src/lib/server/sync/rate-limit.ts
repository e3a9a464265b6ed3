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

/** The SQLSTATE outpost_push_begin raises over the limit, with the seconds as its detail. */
export const RATE_LIMITED_SQLSTATE = 'OR429';

function retryAfterOf(error: unknown): number | undefined {
	if (error instanceof RateLimitedError) return error.retryAfterSeconds;
	if (typeof error !== 'object' || error === null) return undefined;
	const { code, detail } = error as { code?: unknown; detail?: unknown };
	if (code !== RATE_LIMITED_SQLSTATE) return undefined;
	const seconds = Number(detail);
	return Number.isInteger(seconds) && seconds > 0 ? seconds : 60;
}

/**
 * The outcome for a transaction rolled back by RateLimitedError or by the database's rate
 * limit error; any other error is rethrown.
 */
export function rateLimitedOutcome(error: unknown): {
	ok: false;
	code: 'rate_limited';
	retryAfterSeconds: number;
} {
	const retryAfterSeconds = retryAfterOf(error);
	if (retryAfterSeconds === undefined) throw error;
	return { ok: false, code: 'rate_limited', retryAfterSeconds };
}
