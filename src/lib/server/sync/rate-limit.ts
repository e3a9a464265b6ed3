import type { Queryable } from '../db/database';

/** The SQLSTATE outpost_count_request raises over the limit, with the seconds as its detail. */
export const RATE_LIMITED_SQLSTATE = 'OR429';

/**
 * Counts one sync request of the user in the current minute, in the database so that every
 * instance shares the count (outpost_count_request, which a push calls inside
 * outpost_push_begin). Over `limit` the statement fails with RATE_LIMITED_SQLSTATE and the
 * transaction rolls back, the count with it. A `limit` of 0 turns the limit off.
 */
export async function countRequest(tx: Queryable, userId: string, limit: number): Promise<void> {
	if (limit === 0) return;
	await tx.query('select outpost_count_request($1, $2)', [userId, limit]);
}

/** The seconds to wait, when `error` is the database's rate limit error. */
function retryAfterOf(error: unknown): number | undefined {
	if (typeof error !== 'object' || error === null) return undefined;
	const { code, detail } = error as { code?: unknown; detail?: unknown };
	if (code !== RATE_LIMITED_SQLSTATE) return undefined;
	const seconds = Number(detail);
	return Number.isInteger(seconds) && seconds > 0 ? seconds : 60;
}

/** The outcome for a transaction the rate limit rolled back; any other error is rethrown. */
export function rateLimitedOutcome(error: unknown): {
	ok: false;
	code: 'rate_limited';
	retryAfterSeconds: number;
} {
	const retryAfterSeconds = retryAfterOf(error);
	if (retryAfterSeconds === undefined) throw error;
	return { ok: false, code: 'rate_limited', retryAfterSeconds };
}
