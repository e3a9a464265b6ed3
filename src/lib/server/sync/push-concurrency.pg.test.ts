import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { pushResponse } from '$lib/protocol/push';
import { encodeCursor } from '$lib/sync/cursor';
import { freshDatabase, type TestDatabase } from '../../../../tests/support/databases';
import { batch, message, newUserId, session } from '../../../../tests/support/records';
import { pullAll, push, userSeq } from '../../../../tests/support/sync-calls';
import { applyPush } from './push';

// Two connection pools on one Postgres database stand for two server instances (or two tabs
// whose requests land on different connections). PGlite has a single connection.
describe('concurrent pushes on postgres', () => {
	let t: TestDatabase;
	let pools: [Database, Database];
	beforeAll(async () => {
		t = await freshDatabase('postgres');
		pools = [t.db, t.connect()];
	});
	afterAll(() => t.close());

	const counts = async (user: string) => {
		const [row] = await t.db.query<{
			messages: number;
			batches: number;
			sent: number;
			tokens: number;
		}>(
			`select
				(select count(*)::int from chat_messages where user_id = $1) as messages,
				(select count(*)::int from sync_batches where user_id = $1) as batches,
				(select coalesce(sum(messages_sent), 0)::int from usage_daily where user_id = $1) as sent,
				(select coalesce(sum(input_tokens), 0)::int from usage_daily where user_id = $1) as tokens`,
			[user]
		);
		return row;
	};

	/** Sends one batch on both pools at once and checks that exactly one applied it. */
	async function sendTwice(user: string, records: unknown[]) {
		const request = batch(records);
		const outcomes = await Promise.all(
			pools.map((db) => applyPush(db, user, structuredClone(request)))
		);
		const [first, second] = outcomes;
		if (!first?.ok || !second?.ok) throw new Error(`refused: ${JSON.stringify(outcomes)}`);
		expect(second.body).toBe(first.body);
		expect([first.replayed, second.replayed].sort()).toEqual([false, true]);
		return pushResponse.parse(JSON.parse(first.body));
	}

	it('applies a batch sent on two connections at once exactly once, for a new user each time', async () => {
		for (let round = 0; round < 10; round++) {
			const user = newUserId();
			const response = await sendTwice(user, [await session('s'), await message('m', 's')]);
			expect(response.results.map((r) => [r.status, r.version])).toEqual([
				['inserted', 1],
				['inserted', 2]
			]);
			expect(await counts(user)).toEqual({ messages: 1, batches: 1, sent: 1, tokens: 3 });
			expect(await userSeq(t.db, user)).toBe(2);
		}
	});

	it('applies each of 20 batches sent on two connections at once exactly once, for one user', async () => {
		const user = newUserId();
		await push(t.db, user, [await session('s')]);
		for (let round = 1; round <= 20; round++) {
			const response = await sendTwice(user, [await message(`m${round}`, 's')]);
			expect(response.results).toEqual([
				{ id: `m${round}`, type: 'message', status: 'inserted', version: round + 1 }
			]);
		}
		expect(await counts(user)).toEqual({ messages: 20, batches: 21, sent: 20, tokens: 60 });
		expect(await userSeq(t.db, user)).toBe(21);
		const [stats] = await t.db.query<{ n: number }>(
			'select message_count as n from chat_sessions where user_id = $1 and id = $2',
			[user, 's']
		);
		expect(stats?.n).toBe(20);
	});

	it.each([
		['an existing user', true],
		['a new user', false]
	] as const)(
		'applies 16 different batches at once for %s with distinct consecutive versions',
		async (_name, existing) => {
			const user = newUserId();
			const base = existing ? 1 : 0;
			if (existing) await push(t.db, user, [await session('s')]);
			const requests = await Promise.all(
				Array.from({ length: 16 }, async (_, i) =>
					batch([await session(`s${i}`), await message(`m${i}`, `s${i}`)])
				)
			);
			const outcomes = await Promise.all(
				requests.map((request, i) => applyPush(pools[i % 2] as Database, user, request))
			);
			const versions: number[] = [];
			for (const outcome of outcomes) {
				if (!outcome.ok) throw new Error(outcome.code);
				expect(outcome.replayed).toBe(false);
				const response = pushResponse.parse(JSON.parse(outcome.body));
				const own = response.results.map((r) => r.version ?? -1);
				expect(response.results.map((r) => r.status)).toEqual(['inserted', 'inserted']);
				expect(own[1]).toBe((own[0] ?? 0) + 1);
				expect(response.cursor).toBe(encodeCursor(own[1] ?? -1));
				versions.push(...own);
			}
			const expected = Array.from({ length: 32 }, (_, i) => base + i + 1);
			expect(versions.sort((a, b) => a - b)).toEqual(expected);
			expect(await userSeq(t.db, user)).toBe(base + 32);
			expect(await counts(user)).toEqual({
				messages: 16,
				batches: 16 + base,
				sent: 16,
				tokens: 48
			});
			const all = await pullAll(t.db, user, encodeCursor(0));
			expect(all.records.map((r) => r.version)).toEqual([...(existing ? [1] : []), ...expected]);
			expect(all.cursor).toBe(encodeCursor(base + 32));
		}
	);
});
