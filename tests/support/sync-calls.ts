import type { Database } from '../../src/lib/server/db/database';
import { pushResponse, type PushResponse } from '../../src/lib/protocol/push';
import type { PullResponse } from '../../src/lib/protocol/pull';
import { decodeCursor } from '../../src/lib/sync/cursor';
import { applyPush } from '../../src/lib/server/sync/push';
import { pullChanges } from '../../src/lib/server/sync/pull';
import { batch } from './records';

/** Pushes `records` in a new batch (or the given batchId) and returns the parsed response. */
export async function push(
	db: Database,
	userId: string,
	records: readonly unknown[],
	batchId?: string
): Promise<PushResponse> {
	const outcome = await applyPush(db, userId, batch(records, batchId));
	if (!outcome.ok) throw new Error(`push refused: ${outcome.code}`);
	return pushResponse.parse(JSON.parse(outcome.body));
}

/** One page of a pull; `cursor` undefined asks for the live state. */
export async function pull(
	db: Database,
	userId: string,
	cursor: string | undefined,
	limit = 500
): Promise<PullResponse> {
	const after = cursor === undefined ? undefined : decodeCursor(cursor);
	if (cursor !== undefined && after === undefined) throw new Error(`not a cursor: ${cursor}`);
	const outcome = await pullChanges(db, userId, after, limit);
	if (!outcome.ok) throw new Error(`pull refused: ${outcome.code}`);
	return outcome.response;
}

/** Pulls page after page until `hasMore` is false; returns every record and the last cursor. */
export async function pullAll(
	db: Database,
	userId: string,
	cursor: string | undefined,
	limit = 500
): Promise<{ records: PullResponse['records']; cursor: string; pages: number }> {
	const records: PullResponse['records'] = [];
	let position = cursor;
	for (let pages = 1; pages < 10_000; pages++) {
		const page = await pull(db, userId, position, limit);
		records.push(...page.records);
		position = page.cursor;
		if (!page.hasMore) return { records, cursor: page.cursor, pages };
	}
	throw new Error('pull never ended');
}

/** The stored row version of one record and the transaction that last wrote it. */
export interface RowStamp {
	xmin: string;
	version: number;
	deleted: boolean;
}

/** The stamp of one stored record, or undefined when it has no row. */
export async function rowStamp(
	db: Database,
	userId: string,
	type: 'session' | 'message',
	id: string
): Promise<RowStamp | undefined> {
	const table = type === 'session' ? 'chat_sessions' : 'chat_messages';
	const [row] = await db.query<RowStamp>(
		`select xmin::text as xmin, version::int as version, deleted from ${table} where user_id = $1 and id = $2`,
		[userId, id]
	);
	return row;
}

/**
 * Every row the user owns in any sync table, keyed by table and id, with the transaction that
 * last wrote it: two equal snapshots mean nothing of the user's was written in between.
 */
export async function userRows(db: Database, userId: string): Promise<Record<string, string>> {
	const rows = await db.query<{ key: string; xmin: string }>(
		`select 'session:' || id as key, xmin::text as xmin from chat_sessions where user_id = $1
		union all select 'message:' || id, xmin::text from chat_messages where user_id = $1
		union all select 'state', xmin::text from sync_state where user_id = $1
		union all select 'batch:' || batch_id, xmin::text from sync_batches where user_id = $1
		union all select 'usage:' || day::text, xmin::text from usage_daily where user_id = $1
		union all select 'rate', xmin::text from sync_rate where user_id = $1`,
		[userId]
	);
	return Object.fromEntries(rows.map((row) => [row.key, row.xmin]));
}

/** The user's change sequence (0 before the first change). */
export async function userSeq(db: Database, userId: string): Promise<number> {
	const [row] = await db.query<{ seq: number }>(
		'select seq::int as seq from sync_state where user_id = $1',
		[userId]
	);
	return row?.seq ?? 0;
}
