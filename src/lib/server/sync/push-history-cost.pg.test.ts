import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { openPostgresDatabase } from '../db/postgres-database';
import { changeNoticesSent } from '../events/change-notices';
import { freshDatabase, type TestDatabase } from '../../../../tests/support/databases';
import { message, newUserId, remove, session } from '../../../../tests/support/records';
import { push } from '../../../../tests/support/sync-calls';

// What a push reads must not grow with the user's history. Plans are cached per connection
// from the first pushes, when the tables are still small and have no statistics, and kept
// while the history grows: a lookup planned then as "every row of the user, filtered by id"
// would read the whole history on every later push. Counted on one connection with the
// index statistics of PostgreSQL (PGlite keeps none).

const HISTORY = 400;
/**
 * Rows a push may read: a few per message, whatever the plan (an analyze of the grown tables
 * that runs meanwhile, as on a busy machine, can add a handful), far below the history.
 */
const FEW_ROWS = HISTORY / 10;

/** Rows read from `table` so far, through its indexes or not (flushed from this connection first). */
async function rowsRead(db: Database, table: string): Promise<number> {
	await db.query('select pg_stat_force_next_flush()');
	await db.query('select 1');
	const [row] = await db.query<{ reads: string }>(
		`select coalesce(sum(idx_tup_read), 0)::text as reads from pg_stat_user_indexes
		where relname = $1`,
		[table]
	);
	const [seq] = await db.query<{ reads: string }>(
		`select coalesce(seq_tup_read, 0)::text as reads from pg_stat_user_tables
		where relname = $1`,
		[table]
	);
	return Number(row?.reads ?? 0) + Number(seq?.reads ?? 0);
}

describe('push on postgres', () => {
	let t: TestDatabase;
	let db: Database;
	beforeAll(async () => {
		t = await freshDatabase('postgres');
		db = openPostgresDatabase(t.url ?? '', { max: 1 });
	});
	afterAll(async () => {
		await changeNoticesSent(db);
		await db.close();
		await t.close();
	});

	it('reads a few rows per pushed message, however long the history', async () => {
		const user = newUserId();
		await push(db, user, [await session('s')]);
		// The first pushes, one message each, leave plans cached on the connection.
		for (let i = 0; i < 10; i++) await push(db, user, [await message(`early${i}`, 's')]);
		const sessions = await Promise.all(
			Array.from({ length: HISTORY / 4 }, (_, i) => session(`hs${i}`))
		);
		const messages = await Promise.all(
			Array.from({ length: HISTORY }, (_, i) => message(`h${i}`, `hs${i % (HISTORY / 4)}`))
		);
		await push(db, user, [...sessions, ...messages]);

		const before = {
			messages: await rowsRead(db, 'chat_messages'),
			sessions: await rowsRead(db, 'chat_sessions')
		};
		for (let i = 0; i < 5; i++) await push(db, user, [await message(`late${i}`, 's')]);
		const perPush = {
			messages: ((await rowsRead(db, 'chat_messages')) - before.messages) / 5,
			sessions: ((await rowsRead(db, 'chat_sessions')) - before.sessions) / 5
		};
		expect(perPush.messages).toBeLessThan(FEW_ROWS);
		expect(perPush.sessions).toBeLessThan(FEW_ROWS);

		// Deleting a session's newest message looks the new newest up in that session only.
		const beforeDelete = await rowsRead(db, 'chat_sessions');
		await push(db, user, [remove('message', 'late4')]);
		expect((await rowsRead(db, 'chat_sessions')) - beforeDelete).toBeLessThan(FEW_ROWS);
	});
});
