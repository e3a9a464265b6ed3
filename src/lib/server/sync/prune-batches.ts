import type { Queryable } from '../db/database';

/** How long applied batches are remembered for exactly-once: the protocol promises 7 days. */
export const BATCH_RETENTION_DAYS = 8;

/** Forgets applied batches older than the retention. Returns how many were removed. */
export async function pruneBatches(
	db: Queryable,
	retentionDays = BATCH_RETENTION_DAYS
): Promise<number> {
	const rows = await db.query<{ n: number }>(
		`with gone as (
			delete from sync_batches where created_at < now() - make_interval(days => $1) returning 1
		) select count(*)::int as n from gone`,
		[retentionDays]
	);
	return Number(rows[0]?.n ?? 0);
}

const EVERY_MS = 60 * 60 * 1000;
let lastRun = 0;

/**
 * Prunes old batches and the counters of ended limit windows at most once an hour per
 * process, without holding up the caller. Every instance may do it; the deletes are idempotent.
 */
export function prunePeriodically(db: Queryable, now = Date.now()): void {
	if (now - lastRun < EVERY_MS) return;
	lastRun = now;
	pruneBatches(db).catch((error: unknown) => console.error('pruning old batches failed', error));
	db.query('select outpost_limits_prune()').catch((error: unknown) =>
		console.error('pruning old limit counters failed', error)
	);
}
