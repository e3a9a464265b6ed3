import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkChannelName, deliverPayload } from './channel-name';
import { lockDataDir } from './data-dir-lock';
import type { Database, Queryable } from './database';

/** Resolves once the event loop has had a turn: the sockets ready meanwhile have been read. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Opens the embedded database kept in `dataDir/pglite` (or in memory when `dataDir` is
 * undefined). Throws DataDirLockedError when another process has it open.
 */
export async function openPgliteDatabase(dataDir?: string): Promise<Database> {
	let release = () => {};
	let db: PGlite;
	if (dataDir === undefined) {
		db = await PGlite.create();
	} else {
		mkdirSync(dataDir, { recursive: true });
		release = lockDataDir(dataDir);
		try {
			db = await PGlite.create(join(dataDir, 'pglite'));
		} catch (error) {
			release();
			throw error;
		}
	}
	const asQueryable = (target: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
		async query<Row>(text: string, params: readonly unknown[] = []) {
			const result = await target.query<Row>(text, [...params]);
			return result.rows;
		},
		async exec(script: string) {
			await target.exec(script);
		}
	});
	// Only `tx` may be used inside: a query on `db` would wait for this transaction forever.
	// PGlite runs in this process: there is no round trip to save, it commits when `work` ends.
	// PGlite runs a statement on this thread, in one go, and a transaction waiting for the
	// database gets it, when the one before ends, without the event loop reading in between:
	// each waits a turn of the loop once it holds the database, so that a client that left
	// while it waited is seen gone (request.signal) before its work begins.
	const transaction: Database['transaction'] = (work) =>
		db.transaction(async (tx) => {
			await nextTurn();
			return work({ ...asQueryable(tx), commitEarly: () => Promise.resolve() });
		});
	return {
		kind: 'pglite',
		...asQueryable(db),
		transaction,
		// A transaction too: a statement outside one would not wait for one in progress to end.
		reserved: (work) => transaction(work),
		// The database runs in this process: its connection is never lost, so there is nothing
		// to resume and `onReconnect` is never called.
		async listen(channel, onPayload) {
			checkChannelName(channel);
			const unlisten = await db.listen(channel, (payload) => deliverPayload(onPayload, payload));
			return () => unlisten();
		},
		async close() {
			await db.close();
			release();
		}
	};
}
