import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRecord } from '$lib/protocol/record';
import { BACKENDS, freshDatabase, type TestDatabase } from '../../../../tests/support/databases';
import { at, batch, message, newUserId, remove, session } from '../../../../tests/support/records';
import { push, rowStamp, userRows } from '../../../../tests/support/sync-calls';
import { applyPush } from './push';
import { BATCH_RETENTION_DAYS, pruneBatches } from './prune-batches';
import type { Database } from '../db/database';
import { pullChanges } from './pull';

// How the server treats requests as such: exactly once (replays, batch_conflict), the batch
// memory behind it and its pruning, and the per-user rate limit. One file, so that PGlite
// starts once for all three.

/** The same value with the keys of every object in reverse order. */
function reverseKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(reverseKeys);
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value)
			.reverse()
			.map(([key, inner]) => [key, reverseKeys(inner)])
	);
}

const LIMIT = { rateLimit: 3 };

type Request = (db: Database, user: string) => Promise<{ ok: boolean }>;
const pushing: Request = async (db, user) =>
	applyPush(db, user, batch([await session(`s${Math.random().toString(36).slice(2, 8)}`)]), LIMIT);
const pulling: Request = (db, user) => pullChanges(db, user, undefined, 10, LIMIT);

describe.each(BACKENDS)('sync requests on %s', (backend) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(backend);
	});
	afterAll(() => t.close());

	describe('exactly once', () => {
		it('writes no row when a record is pushed again unchanged in a new batch', async () => {
			const user = newUserId();
			const records = [
				await session('s'),
				await message('m', 's', { role: 'assistant', outputTokens: 9 })
			];
			await push(t.db, user, records, 'first');
			const before = await userRows(t.db, user);
			const stamps = [
				await rowStamp(t.db, user, 'session', 's'),
				await rowStamp(t.db, user, 'message', 'm')
			];

			const response = await push(t.db, user, records, 'second');
			expect(response.results.map((r) => [r.status, r.version])).toEqual([
				['unchanged', 1],
				['unchanged', 2]
			]);
			expect([
				await rowStamp(t.db, user, 'session', 's'),
				await rowStamp(t.db, user, 'message', 'm')
			]).toEqual(stamps);
			const after = await userRows(t.db, user);
			// Only the batch itself is remembered.
			const { 'batch:second': secondBatch, ...rest } = after;
			expect(secondBatch).toBeDefined();
			expect(rest).toEqual(before);
		});

		it('answers a replayed batch with the byte-identical stored body and writes nothing anywhere', async () => {
			const user = newUserId();
			await push(t.db, user, [await session('s', { updatedAt: at(100) })]);
			const request = batch([
				await session('s', { updatedAt: at(50) }),
				await message('m', 's'),
				await message('x', 'nowhere'),
				remove('message', 'never-seen')
			]);
			const first = await applyPush(t.db, user, request);
			if (!first.ok) throw new Error(first.code);
			expect(first.replayed).toBe(false);
			expect(first.statuses).toEqual(['stale', 'inserted', 'rejected', 'deleted']);
			const [stored] = await t.db.query<{ response: string }>(
				'select response from sync_batches where user_id = $1 and batch_id = $2',
				[user, request.batchId]
			);
			expect(stored?.response).toBe(first.body);
			const before = await userRows(t.db, user);

			for (let attempt = 0; attempt < 3; attempt++) {
				const again = await applyPush(t.db, user, structuredClone(request));
				expect(again).toEqual({
					ok: true,
					body: first.body,
					replayed: true,
					statuses: [],
					rowsWritten: 0,
					changed: false
				});
			}
			expect(await userRows(t.db, user)).toEqual(before);
		});

		it('treats a batch with its JSON keys in another order as the same batch', async () => {
			const user = newUserId();
			const request = batch([await session('s'), await message('m', 's')]);
			const first = await applyPush(t.db, user, request);
			if (!first.ok) throw new Error(first.code);
			const reordered = reverseKeys(request) as typeof request;
			expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(request));
			const again = await applyPush(t.db, user, reordered);
			expect(again).toMatchObject({ ok: true, replayed: true, body: first.body });
		});

		it('answers a replay with the original results even after later batches changed the records', async () => {
			const user = newUserId();
			const request = batch([await session('s'), await message('m', 's', { content: 'first' })]);
			const first = await applyPush(t.db, user, request);
			if (!first.ok) throw new Error(first.code);
			await push(t.db, user, [await message('m', 's', { content: 'second', updatedAt: at(60) })]);

			const again = await applyPush(t.db, user, request);
			expect(again).toMatchObject({ ok: true, replayed: true, body: first.body });
			const [row] = await t.db.query<{ content: string; version: number }>(
				'select content, version::int as version from chat_messages where user_id = $1 and id = $2',
				[user, 'm']
			);
			expect(row).toEqual({ content: 'second', version: 3 });
		});

		const CONFLICTS: {
			name: string;
			change: (records: SyncRecord[]) => Promise<unknown[]> | unknown[];
		}[] = [
			{ name: 'one more record', change: async (records) => [...records, await session('s2')] },
			{ name: 'one record fewer', change: (records) => records.slice(0, 1) },
			{ name: 'the records in another order', change: (records) => [...records].reverse() },
			{
				name: 'edited content',
				change: async () => [await session('s'), await message('m', 's', { content: 'edited' })]
			}
		];

		it.each(CONFLICTS)(
			'refuses the same batchId with $name as batch_conflict and writes nothing',
			async (c) => {
				const user = newUserId();
				const records = [await session('s'), await message('m', 's')];
				const first = await applyPush(t.db, user, batch(records, 'reused'));
				expect(first.ok).toBe(true);
				const before = await userRows(t.db, user);
				const conflicting = batch(await c.change(records), 'reused');
				expect(await applyPush(t.db, user, conflicting)).toEqual({
					ok: false,
					code: 'batch_conflict'
				});
				expect(await userRows(t.db, user)).toEqual(before);
			}
		);

		it('refuses the same batchId from another client id as batch_conflict', async () => {
			const user = newUserId();
			const request = batch([await session('s')], 'reused-client');
			await applyPush(t.db, user, request);
			const other = { ...request, clientId: 'other-tab' };
			expect(await applyPush(t.db, user, other)).toEqual({ ok: false, code: 'batch_conflict' });
		});
	});

	describe('pruning remembered batches', () => {
		/** Makes a batch look as if it had been applied `age` ago (a Postgres interval). */
		const age = (user: string, batchId: string, interval: string) =>
			t.db.query(
				`update sync_batches set created_at = now() - $3::interval where user_id = $1 and batch_id = $2`,
				[user, batchId, interval]
			);
		const remembered = async (user: string) =>
			(
				await t.db.query<{ batch_id: string }>(
					'select batch_id from sync_batches where user_id = $1 order by batch_id',
					[user]
				)
			).map((row) => row.batch_id);

		it('keeps batches for longer than the 7 days the protocol promises', () => {
			expect(BATCH_RETENTION_DAYS).toBeGreaterThanOrEqual(7);
		});

		it('removes the batches older than the retention and keeps the recent ones', async () => {
			const user = newUserId();
			const ages = {
				'a-now': null,
				'b-1-hour': '1 hour',
				'c-7-days': '7 days',
				'd-retention-less-a-minute': `${BATCH_RETENTION_DAYS} days -1 minute`,
				'e-retention-and-a-minute': `${BATCH_RETENTION_DAYS} days 1 minute`,
				'f-30-days': '30 days'
			};
			for (const [batchId, interval] of Object.entries(ages)) {
				await push(t.db, user, [await session(batchId)], batchId);
				if (interval) await age(user, batchId, interval);
			}
			expect(await pruneBatches(t.db)).toBe(2);
			expect(await remembered(user)).toEqual([
				'a-now',
				'b-1-hour',
				'c-7-days',
				'd-retention-less-a-minute'
			]);
			expect(await pruneBatches(t.db)).toBe(0);
		});

		it('prunes by a retention given in days', async () => {
			const user = newUserId();
			await push(t.db, user, [await session('s1')], 'two-days');
			await push(t.db, user, [await session('s2')], 'half-a-day');
			await age(user, 'two-days', '2 days');
			await age(user, 'half-a-day', '12 hours');
			// Batches of earlier tests older than a day go too: the count covers every user.
			expect(await pruneBatches(t.db, 1)).toBeGreaterThanOrEqual(1);
			expect(await remembered(user)).toEqual(['half-a-day']);
			expect(await pruneBatches(t.db, 1)).toBe(0);
		});

		it('lets a pruned batchId be used again, for another body, and keeps the records it applied', async () => {
			const user = newUserId();
			const old = batch([await session('s'), await message('m', 's')], 'reused-after-pruning');
			const first = await applyPush(t.db, user, old);
			await age(user, old.batchId, '9 days');
			expect(await pruneBatches(t.db)).toBe(1);

			const next = batch([await session('s'), await message('m2', 's')], old.batchId);
			const outcome = await applyPush(t.db, user, next);
			expect(outcome).toMatchObject({ ok: true, replayed: false });
			if (!outcome.ok || !first.ok) throw new Error('push refused');
			expect(JSON.parse(outcome.body).results.map((r: { status: string }) => r.status)).toEqual([
				'unchanged',
				'inserted'
			]);
			expect(await remembered(user)).toEqual([old.batchId]);
			// The new batch is remembered: sending it again is a replay.
			expect(await applyPush(t.db, user, next)).toMatchObject({
				ok: true,
				replayed: true,
				body: outcome.body
			});
		});
	});

	describe('rate limit', () => {
		/** Waits for the next minute when this one is nearly over, so that a test runs in one window. */
		async function sameMinute() {
			const [row] = await t.db.query<{ s: number }>(
				'select extract(second from now())::float8 as s'
			);
			const second = row?.s ?? 0;
			if (second > 55) await new Promise((resolve) => setTimeout(resolve, (60.2 - second) * 1000));
		}

		it.each([
			['pushes', [pushing, pushing, pushing], pushing],
			['pulls', [pulling, pulling, pulling], pulling],
			['pushes and pulls together', [pushing, pulling, pushing], pulling],
			['pulls and then a push', [pulling, pulling, pulling], pushing]
		] as const)(
			'refuses the fourth request in a minute after three %s',
			async (_name, allowed, fourth) => {
				await sameMinute();
				const user = newUserId();
				for (const request of allowed) expect((await request(t.db, user)).ok).toBe(true);
				const before = await userRows(t.db, user);
				const refused = await fourth(t.db, user);
				expect(refused).toMatchObject({ ok: false, code: 'rate_limited' });
				if (refused.ok || !('retryAfterSeconds' in refused)) return;
				expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
				expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
				expect(Number.isInteger(refused.retryAfterSeconds)).toBe(true);
				expect(await userRows(t.db, user)).toEqual(before);
			}
		);

		it('writes nothing for a refused push: no record, no batch, no change number', async () => {
			await sameMinute();
			const user = newUserId();
			for (let i = 0; i < 3; i++) await pushing(t.db, user);
			const request = batch([await session('refused')], 'refused-batch');
			expect(await applyPush(t.db, user, request, LIMIT)).toMatchObject({
				ok: false,
				code: 'rate_limited'
			});
			const [row] = await t.db.query<{ sessions: number; batches: number; seq: number }>(
				`select (select count(*)::int from chat_sessions where user_id = $1 and id = 'refused') as sessions,
					(select count(*)::int from sync_batches where user_id = $1 and batch_id = 'refused-batch') as batches,
					(select seq::int from sync_state where user_id = $1) as seq`,
				[user]
			);
			expect(row).toEqual({ sessions: 0, batches: 0, seq: 3 });
			// Once the limit is lifted the same batch is applied as new, not replayed.
			expect(await applyPush(t.db, user, request)).toMatchObject({ ok: true, replayed: false });
		});

		it('counts each user on their own', async () => {
			await sameMinute();
			const busy = newUserId();
			const quiet = newUserId();
			for (let i = 0; i < 3; i++) await pushing(t.db, busy);
			expect((await pushing(t.db, busy)).ok).toBe(false);
			expect((await pushing(t.db, quiet)).ok).toBe(true);
			expect((await pulling(t.db, quiet)).ok).toBe(true);
		});

		it('shares the count between connections (two pools on Postgres, one on PGlite)', async () => {
			await sameMinute();
			const user = newUserId();
			const other = t.connect();
			expect((await pushing(t.db, user)).ok).toBe(true);
			expect((await pulling(other, user)).ok).toBe(true);
			expect((await pushing(other, user)).ok).toBe(true);
			expect(await pulling(t.db, user)).toMatchObject({ ok: false, code: 'rate_limited' });
			expect(await pushing(other, user)).toMatchObject({ ok: false, code: 'rate_limited' });
		});

		it('starts a new count in a new minute', async () => {
			await sameMinute();
			const user = newUserId();
			for (let i = 0; i < 3; i++) await pushing(t.db, user);
			expect((await pulling(t.db, user)).ok).toBe(false);
			await t.db.query(
				`update sync_rate set window_start = window_start - interval '1 minute' where user_id = $1`,
				[user]
			);
			expect((await pulling(t.db, user)).ok).toBe(true);
		});

		it('never limits with a rate limit of 0', async () => {
			const user = newUserId();
			for (let i = 0; i < 12; i++) {
				const outcome =
					i % 2 === 0
						? await applyPush(t.db, user, batch([await session(`s${i}`)]), { rateLimit: 0 })
						: await pullChanges(t.db, user, undefined, 10, { rateLimit: 0 });
				expect(outcome.ok).toBe(true);
			}
			const rows = await t.db.query('select 1 from sync_rate where user_id = $1', [user]);
			expect(rows).toEqual([]);
		});
	});
});
