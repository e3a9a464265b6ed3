import type { Queryable } from '../db/database';
import type { Refusals } from './refusals';

/** Seconds to wait before trying again, when a limit says no; undefined when it says yes. */
export type RetryAfter = number | undefined;

/**
 * Counts one request under `key` in the current fixed window of `windowSeconds` and says
 * whether it is over `limit` (then the seconds until the window ends). Counted in the database,
 * so that every instance shares it. A `limit` of 0 counts nothing and always says yes.
 */
export async function takeRequest(
	db: Queryable,
	key: string,
	windowSeconds: number,
	limit: number,
	refusals?: Refusals
): Promise<RetryAfter> {
	if (limit === 0) return undefined;
	const known = refusals?.wait(key);
	if (known !== undefined) return known;
	const [row] = await db.query<{ wait: number | null }>(
		'select outpost_limit_take($1, $2, $3) as wait',
		[key, windowSeconds, limit]
	);
	const wait = row?.wait ?? undefined;
	if (wait !== undefined) refusals?.refuse(key, wait);
	return wait;
}

/**
 * Whether any of `keys` already reached `limit` in the current window (then the seconds until
 * it ends), without counting anything: for limits on failures, counted by countFailure.
 */
export async function limitReached(
	db: Queryable,
	keys: readonly string[],
	windowSeconds: number,
	limit: number
): Promise<RetryAfter> {
	if (limit === 0) return undefined;
	const [row] = await db.query<{ wait: number | null }>(
		'select outpost_limit_wait($1::text[], $2, $3) as wait',
		[keys, windowSeconds, limit]
	);
	return row?.wait ?? undefined;
}

/** Counts one failure under each of `keys` in the current window (see limitReached). */
export async function countFailure(
	db: Queryable,
	keys: readonly string[],
	windowSeconds: number
): Promise<void> {
	await db.query('select outpost_limit_add($1::text[], $2)', [keys, windowSeconds]);
}
