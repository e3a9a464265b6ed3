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

/** One design at one history size, ready to sync. */
export interface SyncSubject {
	writer: Database;
	/** A second connection to the same database, for statistics. */
	admin: Database;
	warmup: number;
	syncs: number;
	usageTotal: () => Promise<number>;
	/** Runs sync number `index`; reports the body size and the time the server took to apply it. */
	sync: (index: number) => Promise<{ requestBytes: number; serverMs: number }>;
}

/**
 * Runs each subject's measured syncs (after its unmeasured warm-up ones) and returns each one's
 * cost per sync: medians of bytes and time; rows, WAL and usage as the average over its
 * measured syncs. Several subjects take turns, a tenth of their syncs back to back each, so
 * that a slow minute of the machine falls on all of them alike. Rows and WAL are read around
 * each turn (so subjects may share a database), full-page images written after a checkpoint
 * included.
 */
export async function measureSyncs(
	subjects: readonly SyncSubject[],
	turns = 10
): Promise<SyncCost[]> {
	const runs = subjects.map((subject) => ({
		subject,
		index: 0,
		times: [] as number[],
		bytes: [] as number[],
		wal: 0,
		rows: 0,
		usage0: 0
	}));
	for (const run of runs) {
		for (; run.index < run.subject.warmup; run.index++) await run.subject.sync(run.index);
		run.usage0 = await run.subject.usageTotal();
	}
	for (let turn = 0; turn < turns; turn++) {
		for (const run of runs) {
			const { writer, admin, syncs } = run.subject;
			const end = Math.round((syncs * (turn + 1)) / turns);
			if (run.times.length >= end) continue;
			const rows0 = await rowsWrittenSoFar(writer, admin);
			const wal0 = await walPosition(admin);
			while (run.times.length < end) {
				const { requestBytes, serverMs } = await run.subject.sync(run.index++);
				run.times.push(serverMs);
				run.bytes.push(requestBytes);
			}
			run.wal += (await walPosition(admin)) - wal0;
			run.rows += (await rowsWrittenSoFar(writer, admin)) - rows0;
		}
	}
	const costs: SyncCost[] = [];
	for (const run of runs) {
		const { syncs } = run.subject;
		costs.push({
			requestBytes: median(run.bytes),
			rowsWritten: run.rows / syncs,
			walBytes: run.wal / syncs,
			usageCounted: ((await run.subject.usageTotal()) - run.usage0) / syncs,
			medianMs: median(run.times)
		});
	}
	return costs;
}
