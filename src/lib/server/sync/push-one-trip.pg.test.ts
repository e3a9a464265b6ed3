import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '$lib/sync/cursor';
import type { Database } from '../db/database';
import { BACKENDS, freshDatabase, type TestDatabase } from '../../../../tests/support/databases';
import { at, batch, message, newUserId, remove, session } from '../../../../tests/support/records';
import { applyPush, type PushOutcome } from './push';
import { responseText } from './response-text';

// A push of new records is planned before anything is read and sent as one statement, its own
// transaction and one round trip; when the store holds something the plan did not assume, it
// is planned again from the stored records in a second transaction.

/**
 * The database, counting the transactions run on it: each statement sent on its own is one,
 * and so is each explicit transaction.
 */
function counting(db: Database): { db: Database; transactions: () => number } {
	let count = 0;
	return {
		db: {
			...db,
			kind: db.kind,
			query: (text, params) => {
				count++;
				return db.query(text, params);
			},
			exec: db.exec.bind(db),
			close: db.close.bind(db),
			transaction: (work) => {
				count++;
				return db.transaction(work);
			}
		},
		transactions: () => count
	};
}

function body(outcome: PushOutcome) {
	if (!outcome.ok) throw new Error(`refused: ${outcome.code}`);
	return JSON.parse(outcome.body) as {
		cursor: string;
		results: { id: string; status: string; version?: number; code?: string }[];
	};
}

describe.each(BACKENDS)('one-trip push on %s', (backend) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(backend);
	});
	afterAll(() => t.close());

	/** Pushes `records` and returns the outcome and the transactions it took. */
	async function pushCounted(user: string, records: unknown[], batchId?: string) {
		const c = counting(t.db);
		const outcome = await applyPush(c.db, user, batch(records, batchId));
		return { outcome, transactions: c.transactions() };
	}

	it('applies a reply to a stored session in one transaction, numbered after the stored changes', async () => {
		const user = newUserId();
		await pushCounted(user, [await session('s'), await message('m0', 's')]);
		const { outcome, transactions } = await pushCounted(
			user,
			[
				await message('m1', 's', { createdAt: at(5) }),
				await message('m2', 's', { role: 'assistant', createdAt: at(6) })
			],
			'reply'
		);
		expect(transactions).toBe(1);
		// The same text as a push planned from the store writes.
		expect(outcome.ok && outcome.body).toBe(
			responseText(2, 'reply', 4, [
				{ id: 'm1', type: 'message', status: 'inserted', version: 3 },
				{ id: 'm2', type: 'message', status: 'inserted', version: 4 }
			])
		);
		const [stats] = await t.db.query<{ message_count: number; last_message_id: string }>(
			'select message_count, last_message_id from chat_sessions where user_id = $1',
			[user]
		);
		expect(stats).toEqual({ message_count: 3, last_message_id: 'm2' });
	});

	it('answers a replay and a conflict from the first transaction', async () => {
		const user = newUserId();
		await pushCounted(user, [await session('s')]);
		const first = await pushCounted(user, [await message('m1', 's')], 'reply-1');
		const replay = await pushCounted(user, [await message('m1', 's')], 'reply-1');
		expect(replay.transactions).toBe(1);
		expect(replay.outcome).toMatchObject({ ok: true, replayed: true });
		expect(replay.outcome.ok && replay.outcome.body).toBe(first.outcome.ok && first.outcome.body);
		const conflict = await pushCounted(user, [await message('m9', 's')], 'reply-1');
		expect(conflict.transactions).toBe(1);
		expect(conflict.outcome).toEqual({ ok: false, code: 'batch_conflict' });
	});

	it.each([
		[
			'an update of a stored message',
			async () => [await message('m1', 's', { content: 'edited', updatedAt: at(9) })],
			{ id: 'm1', status: 'updated' }
		],
		[
			'a message to a session never stored',
			async () => [await message('m2', 'nowhere')],
			{ id: 'm2', status: 'rejected', code: 'unknown_session' }
		],
		[
			'a message to a deleted session',
			async () => [await message('m3', 'gone')],
			{ id: 'm3', status: 'rejected', code: 'unknown_session' }
		],
		[
			'a session stored as a tombstone',
			async () => [await session('gone')],
			{ id: 'gone', status: 'rejected', code: 'deleted' }
		]
	])('plans %s again from the store, in a second transaction', async (_name, records, result) => {
		const user = newUserId();
		await pushCounted(user, [await session('s'), await message('m1', 's'), await session('gone')]);
		await pushCounted(user, [remove('session', 'gone')]);
		const { outcome, transactions } = await pushCounted(user, await records());
		expect(transactions).toBe(2);
		expect(body(outcome).results).toEqual([expect.objectContaining(result)]);
	});

	it('writes the cursor as the protocol code does', async () => {
		const values = [0, 1, 35, 36, 1295, 1296, 46655, 2 ** 31, 2 ** 53 - 1];
		const rows = await t.db.query<{ cursor: string }>(
			'select outpost_cursor(v) as cursor from unnest($1::bigint[]) as v',
			[values]
		);
		expect(rows.map((r) => r.cursor)).toEqual(values.map(encodeCursor));
	});
});
