import type { Database } from '../src/lib/server/db/database';

/** The middle value (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	if (sorted.length === 0) return Number.NaN;
	return sorted.length % 2 === 1
		? (sorted[mid] ?? 0)
		: ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The server's current WAL insert position, in bytes. */
export async function walPosition(admin: Database): Promise<number> {
	const [row] = await admin.query<{ bytes: string }>(
		`select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::text as bytes`
	);
	return Number(row?.bytes ?? 0);
}

/**
 * Makes the writer's pending table statistics visible (PostgreSQL reports them at most once a
 * second unless asked), then reads the rows inserted, updated and deleted in all user tables,
 * from pg_stat_user_tables.
 */
export async function rowsWrittenSoFar(writer: Database, admin: Database): Promise<number> {
	await writer.query('select pg_stat_force_next_flush()');
	await writer.query('select 1');
	await new Promise((resolve) => setTimeout(resolve, 50));
	const [row] = await admin.query<{ rows: string }>(
		'select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::text as rows from pg_stat_user_tables'
	);
	return Number(row?.rows ?? 0);
}

/** What one design costs per sync at one history size. */
export interface SyncCost {
	requestBytes: number;
	rowsWritten: number;
	walBytes: number;
	usageCounted: number;
	medianMs: number;
}

/**
 * Runs `syncs` measured syncs (after `warmup` unmeasured ones) and returns the cost per sync:
 * medians of bytes and time; rows, WAL and usage as the average over the measured syncs.
 */
export async function measureSyncs(options: {
	writer: Database;
	admin: Database;
	warmup: number;
	syncs: number;
	usageTotal: () => Promise<number>;
	/** Runs sync number `index`; reports the body size and the time the server took to apply it. */
	sync: (index: number) => Promise<{ requestBytes: number; serverMs: number }>;
}): Promise<SyncCost> {
	const { writer, admin } = options;
	let index = 0;
	for (; index < options.warmup; index++) await options.sync(index);
	const rows0 = await rowsWrittenSoFar(writer, admin);
	const usage0 = await options.usageTotal();
	// The syncs run back to back, as on a busy server; WAL is read around the whole run, so
	// that full-page images written after a checkpoint are counted too.
	const wal0 = await walPosition(admin);
	const times: number[] = [];
	const bytes: number[] = [];
	for (let k = 0; k < options.syncs; k++, index++) {
		const { requestBytes, serverMs } = await options.sync(index);
		times.push(serverMs);
		bytes.push(requestBytes);
	}
	const wal1 = await walPosition(admin);
	const rows1 = await rowsWrittenSoFar(writer, admin);
	const usage1 = await options.usageTotal();
	return {
		requestBytes: median(bytes),
		rowsWritten: (rows1 - rows0) / options.syncs,
		walBytes: (wal1 - wal0) / options.syncs,
		usageCounted: (usage1 - usage0) / options.syncs,
		medianMs: median(times)
	};
}
