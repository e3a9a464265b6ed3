import type { Queryable } from '../db/database';

/** How long a generation holds its place without renewing it: an instance that died frees it. */
export const GENERATION_LEASE_SECONDS = 120;
/** How often a running generation renews its lease. */
export const GENERATION_RENEW_MS = 30_000;

/**
 * Takes one of the user's `max` places for a reply being generated, shared by every instance,
 * and returns its id; undefined when all are taken. A `max` of 0 means no cap.
 */
export async function startGeneration(
	db: Queryable,
	userId: string,
	max: number
): Promise<string | undefined> {
	const [row] = await db.query<{ id: string | null }>(
		'select outpost_generation_start($1, $2, $3)::text as id',
		[userId, max, GENERATION_LEASE_SECONDS]
	);
	return row?.id ?? undefined;
}

/** Keeps a running generation's place for another lease. */
export async function renewGeneration(db: Queryable, id: string): Promise<void> {
	await db.query(
		'update chat_generations set lease_until = now() + make_interval(secs => $2) where id = $1',
		[id, GENERATION_LEASE_SECONDS]
	);
}

/** Frees a generation's place. */
export async function endGeneration(db: Queryable, id: string): Promise<void> {
	await db.query('delete from chat_generations where id = $1', [id]);
}
