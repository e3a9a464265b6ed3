import type { Queryable } from '../db/database';

/** Thrown inside a transaction to roll it back when the user is over the rate limit. */
export class RateLimitedError extends Error {
	override name = 'RateLimitedError';
	readonly code = 'rate_limited';
	constructor(readonly retryAfterSeconds: number) {
		super('rate limited');
	}
}

const COUNT = `insert into sync_rate (user_id, window_start, requests)
	values ($1, date_trunc('minute', now()), 1)
	on conflict (user_id) do update set
		requests = case when sync_rate.window_start = excluded.window_start
			then sync_rate.requests + 1 else 1 end,
		window_start = excluded.window_start
	returning requests,
		greatest(1, ceil(extract(epoch from (window_start + interval '1 minute' - now()))))::int as retry_after`;

/**
 * Counts one sync request of the user in the current minute, in the database so that every
 * instance shares the count. Resolves to the seconds to wait when over `limit`, else null.
 * A `limit` of 0 turns the limit off. (A push counts itself inside outpost_push_begin, with
 * the same rule.)
 */
export async function countRequest(
	tx: Queryable,
	userId: string,
	limit: number
): Promise<number | null> {
	if (limit === 0) return null;
	const [row] = await tx.query<{ requests: number; retry_after: number }>(COUNT, [userId]);
	return row && row.requests > limit ? Number(row.retry_after) : null;
}
