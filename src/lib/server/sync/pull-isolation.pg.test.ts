import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRecord } from '$lib/protocol/record';
import { pullResponse } from '$lib/protocol/pull';
import { encodeCursor } from '$lib/sync/cursor';
import { BACKENDS, freshDatabase, type TestDatabase } from '../../../../tests/support/databases';
import { at, message, newUserId, remove, session, batch } from '../../../../tests/support/records';
import { pull, pullAll, push, userRows } from '../../../../tests/support/sync-calls';
import { actAsUser } from '../db/user-transaction';
import { readUsage } from '../usage';
import { applyPush } from './push';

// What a user reads back (pull with and without a cursor, paging) and that it is only theirs:
// ids, batches, pulls and row-level security are scoped to the user.

const versioned = (record: SyncRecord, version: number) => ({ ...record, version });

describe.each(BACKENDS)('pull and user isolation on %s', (backend) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(backend);
	});
	afterAll(() => t.close());

	describe('pull', () => {
		/** A user with sessions s1, s2 and messages, one of them deleted and one updated: 7 changes. */
		async function history(user: string) {
			const s1 = await session('s1');
			const s2 = await session('s2', { title: 'Second' });
			const m1 = await message('m1', 's1');
			const m2 = await message('m2', 's1', { role: 'assistant', model: 'tiny', content: 'hi 👋' });
			const m1b = await message('m1', 's1', { content: 'edited', updatedAt: at(30) });
			await push(t.db, user, [s1, m1, m2, await message('m3', 's1')]);
			await push(t.db, user, [remove('message', 'm3'), s2]);
			const last = await push(t.db, user, [m1b]);
			return { s1, s2, m1b, m2, last };
		}

		it('returns the live state without a cursor: no tombstones, in version order, with versions', async () => {
			const user = newUserId();
			const { s1, s2, m1b, m2, last } = await history(user);
			const page = await pull(t.db, user, undefined);
			expect(pullResponse.safeParse(page).success).toBe(true);
			expect(page).toEqual({
				protocol: 2,
				records: [versioned(s1, 1), versioned(m2, 3), versioned(s2, 6), versioned(m1b, 7)],
				cursor: last.cursor,
				hasMore: false
			});
			expect(page.cursor).toBe(encodeCursor(7));
		});

		it('returns every change after a cursor, tombstones included, in applied order', async () => {
			const user = newUserId();
			const { s2, m1b } = await history(user);
			const page = await pull(t.db, user, encodeCursor(3));
			expect(page.records).toEqual([
				{ type: 'message', id: 'm3', op: 'delete', version: 5 },
				versioned(s2, 6),
				versioned(m1b, 7)
			]);
			expect(page).toMatchObject({ cursor: encodeCursor(7), hasMore: false });
		});

		it('returns nothing and keeps the cursor when nothing changed after it', async () => {
			const user = newUserId();
			await history(user);
			expect(await pull(t.db, user, encodeCursor(7))).toEqual({
				protocol: 2,
				records: [],
				cursor: encodeCursor(7),
				hasMore: false
			});
		});

		it('answers a user who never pushed with no records and cursor 0', async () => {
			const user = newUserId();
			for (const cursor of [undefined, encodeCursor(0)]) {
				expect(await pull(t.db, user, cursor)).toEqual({
					protocol: 2,
					records: [],
					cursor: encodeCursor(0),
					hasMore: false
				});
			}
		});

		it.each([
			// Pages after the first pass a cursor, so they carry changes, the tombstone of m3 included.
			[1, [['s1'], ['m2'], ['m3'], ['s2'], ['m1']]],
			[2, [['s1', 'm2'], ['m3', 's2'], ['m1']]],
			[3, [['s1', 'm2', 's2'], ['m1']]],
			[4, [['s1', 'm2', 's2', 'm1']]],
			[1000, [['s1', 'm2', 's2', 'm1']]]
		] as const)('pages the live state by a limit of %i with hasMore', async (limit, pages) => {
			const user = newUserId();
			const { last } = await history(user);
			const seen: string[][] = [];
			let cursor: string | undefined;
			for (;;) {
				const page = await pull(t.db, user, cursor, limit);
				seen.push(page.records.map((r) => r.id));
				expect(page.records.length).toBeLessThanOrEqual(limit);
				if (page.hasMore) {
					expect(page.cursor).toBe(encodeCursor(page.records.at(-1)?.version ?? -1));
				}
				cursor = page.cursor;
				if (!page.hasMore) break;
			}
			expect(seen).toEqual(pages);
			expect(cursor).toBe(last.cursor);
		});

		it.each([1, 2, 3, 4, 5, 500])(
			'ends at the cursor of the last push when pulling changes %i at a time until hasMore is false',
			async (limit) => {
				const user = newUserId();
				const { last } = await history(user);
				const all = await pullAll(t.db, user, encodeCursor(0), limit);
				// Each record once, at its newest version: m1 was updated, m3 deleted.
				expect(all.records.map((r) => [r.id, r.op, r.version])).toEqual([
					['s1', 'upsert', 1],
					['m2', 'upsert', 3],
					['m3', 'delete', 5],
					['s2', 'upsert', 6],
					['m1', 'upsert', 7]
				]);
				expect(all.cursor).toBe(last.cursor);
				expect(all.pages).toBe(Math.ceil(5 / limit));
			}
		);

		it('holds the server state after pulling changes from an old cursor over new pushes', async () => {
			const user = newUserId();
			await push(t.db, user, [await session('s'), await message('a', 's')]);
			const first = await pullAll(t.db, user, undefined);
			await push(t.db, user, [await message('b', 's'), remove('message', 'a')]);
			const last = await push(t.db, user, [await session('s', { title: 'New', updatedAt: at(9) })]);
			const next = await pullAll(t.db, user, first.cursor);
			expect(next.records.map((r) => [r.type, r.id, r.op, r.version])).toEqual([
				['message', 'b', 'upsert', 3],
				['message', 'a', 'delete', 4],
				['session', 's', 'upsert', 5]
			]);
			expect(next.cursor).toBe(last.cursor);
		});

		it("returns only the pulling user's records", async () => {
			const alice = newUserId();
			const bob = newUserId();
			await history(alice);
			const bobs = await push(t.db, bob, [await session('b1'), await message('bm', 'b1')]);
			const live = await pull(t.db, bob, undefined);
			expect(live.records.map((r) => r.id)).toEqual(['b1', 'bm']);
			const changes = await pull(t.db, bob, encodeCursor(0));
			expect(changes.records.map((r) => r.id)).toEqual(['b1', 'bm']);
			expect(changes.cursor).toBe(bobs.cursor);
		});
	});

	describe('isolation between users', () => {
		/** Alice with session s and messages m1, m2; returns her user id and the rows she owns. */
		async function alice() {
			const user = newUserId();
			await push(t.db, user, [
				await session('s', { updatedAt: at(100) }),
				await message('m1', 's', { updatedAt: at(100) }),
				await message('m2', 's', { updatedAt: at(100) })
			]);
			return { user, rows: await userRows(t.db, user) };
		}

		it('stores the same records for a second user as that user’s own inserts', async () => {
			const a = await alice();
			const bob = newUserId();
			const response = await push(t.db, bob, [
				await session('s', { updatedAt: at(100) }),
				await message('m1', 's', { updatedAt: at(100) })
			]);
			expect(response.results.map((r) => [r.status, r.version])).toEqual([
				['inserted', 1],
				['inserted', 2]
			]);
			expect(await userRows(t.db, a.user)).toEqual(a.rows);
		});

		it('stores an older upsert of the same id for a second user instead of answering stale', async () => {
			const a = await alice();
			const bob = newUserId();
			const response = await push(t.db, bob, [
				await session('s', { title: 'Bob', updatedAt: at(1) })
			]);
			expect(response.results[0]?.status).toBe('inserted');
			const titles = await t.db.query<{ user_id: string; title: string }>(
				'select user_id::text, title from chat_sessions where id = $1 and user_id in ($2, $3) order by title',
				['s', a.user, bob]
			);
			expect(titles).toEqual([
				{ user_id: bob, title: 'Bob' },
				{ user_id: a.user, title: 'Chat s' }
			]);
		});

		it('lets a second user delete and recreate ids without touching the first user’s records', async () => {
			const a = await alice();
			const bob = newUserId();
			const deleted = await push(t.db, bob, [remove('session', 's'), remove('message', 'm1')]);
			expect(deleted.results.map((r) => [r.status, r.version])).toEqual([
				['deleted', 1],
				['deleted', 2]
			]);
			expect(await userRows(t.db, a.user)).toEqual(a.rows);
			const upsert = await push(t.db, bob, [await session('s')]);
			expect(upsert.results[0]).toMatchObject({ status: 'rejected', code: 'deleted' });
			expect(await userRows(t.db, a.user)).toEqual(a.rows);

			const carol = newUserId();
			await push(t.db, a.user, [remove('session', 's')]);
			const fresh = await push(t.db, carol, [await session('s')]);
			expect(fresh.results[0]?.status).toBe('inserted');
		});

		it('rejects a message naming another user’s session with unknown_session', async () => {
			const a = await alice();
			const bob = newUserId();
			const response = await push(t.db, bob, [await message('mine', 's')]);
			expect(response.results[0]).toMatchObject({ status: 'rejected', code: 'unknown_session' });
			expect(await userRows(t.db, a.user)).toEqual(a.rows);
		});

		it('keeps batchIds per user: the same batchId from another user is applied, not replayed', async () => {
			const a = await alice();
			const bob = newUserId();
			const request = batch([await session('s')], 'shared-batch');
			const first = await applyPush(t.db, a.user, request);
			const second = await applyPush(t.db, bob, request);
			expect(first).toMatchObject({ ok: true, replayed: false });
			expect(second).toMatchObject({ ok: true, replayed: false });
			if (!second.ok) return;
			expect(JSON.parse(second.body).results[0]).toMatchObject({ status: 'inserted', version: 1 });
		});

		it('never returns another user’s rows from pull or usage', async () => {
			const a = await alice();
			const bob = newUserId();
			expect((await pull(t.db, bob, undefined)).records).toEqual([]);
			expect((await pull(t.db, bob, encodeCursor(0))).records).toEqual([]);
			expect(await readUsage(t.db, bob, { from: '2026-01-05', to: '2026-01-05' })).toEqual([
				{
					date: '2026-01-05',
					messagesSent: 0,
					messagesReceived: 0,
					inputTokens: 0,
					outputTokens: 0
				}
			]);
			expect((await pull(t.db, a.user, undefined)).records.map((r) => r.id)).toEqual([
				's',
				'm1',
				'm2'
			]);
		});

		it.each(['chat_sessions', 'chat_messages', 'sync_state', 'sync_batches', 'usage_daily'])(
			'shows a user acting under row-level security only their own rows of %s',
			async (table) => {
				await alice();
				const bob = newUserId();
				await push(t.db, bob, [await session('b'), await message('bm', 'b')]);
				const [own] = await t.db.query<{ n: number }>(
					`select count(*)::int as n from ${table} where user_id = $1`,
					[bob]
				);
				const [all] = await t.db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
				expect(own?.n).toBeGreaterThan(0);
				expect(all?.n).toBeGreaterThan(own?.n ?? 0);
				const seen = await t.db.transaction(async (tx) => {
					await actAsUser(tx, bob);
					return tx.query<{ n: number }>(`select count(*)::int as n from ${table}`);
				});
				expect(seen[0]?.n).toBe(own?.n);
			}
		);

		it('lets an unqualified update under row-level security touch only the acting user’s messages', async () => {
			const a = await alice();
			const bob = newUserId();
			await push(t.db, bob, [await session('b'), await message('bm', 'b')]);
			const touched = await t.db.transaction(async (tx) => {
				await actAsUser(tx, bob);
				return tx.query<{ user_id: string }>(
					`update chat_messages set content = 'x' returning user_id::text`
				);
			});
			expect(touched).toEqual([{ user_id: bob }]);
			const [aliceRows] = await t.db.query<{ n: number }>(
				`select count(*)::int as n from chat_messages where content = 'x' and user_id <> $1`,
				[bob]
			);
			expect(aliceRows?.n).toBe(0);
			expect(await userRows(t.db, a.user)).toEqual(a.rows);
		});

		it('refuses under row-level security to insert a row owned by another user', async () => {
			const a = await alice();
			const bob = newUserId();
			await expect(
				t.db.transaction(async (tx) => {
					await actAsUser(tx, bob);
					await tx.query(
						`insert into chat_sessions (user_id, id, version) values ($1, 'stolen', 1)`,
						[a.user]
					);
				})
			).rejects.toThrow(/row-level security/);
			expect(await userRows(t.db, a.user)).toEqual(a.rows);
		});
	});
});
