import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageData, SyncRecord } from '$lib/protocol/record';
import type { UsageDay } from '$lib/protocol/usage';
import { readUsage } from '../usage';
import { BACKENDS, freshDatabase, type TestDatabase } from '../../../../tests/support/databases';
import { at, batch, message, newUserId, remove, session } from '../../../../tests/support/records';
import { pull, push } from '../../../../tests/support/sync-calls';
import { applyPush } from './push';

// The aggregates a push keeps up to date from the rows it changes: daily usage (written once
// per newly stored message) and the stats of each session.

const day = (date: string, counts: Partial<Omit<UsageDay, 'date'>> = {}): UsageDay => ({
	date,
	messagesSent: 0,
	messagesReceived: 0,
	inputTokens: 0,
	outputTokens: 0,
	...counts
});

const DAY = '2026-01-05';

/** SQL that renders a timestamptz column as the protocol's ISO 8601 UTC text. */
const isoTimestamp = (column: string) =>
	`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

interface Stats {
	messageCount: number;
	totalTokens: number;
	lastMessageId: string | null;
	lastMessageAt: string | null;
	lastMessagePreview: string | null;
}

const EMPTY: Stats = {
	messageCount: 0,
	totalTokens: 0,
	lastMessageId: null,
	lastMessageAt: null,
	lastMessagePreview: null
};

/** Stats of a session whose newest message is `id`, created at `at(seconds)` with the builder's content. */
const stats = (
	messageCount: number,
	totalTokens: number,
	id: string,
	seconds: number,
	preview = `message ${id}`
): Stats => ({
	messageCount,
	totalTokens,
	lastMessageId: id,
	lastMessageAt: at(seconds),
	lastMessagePreview: preview
});

interface Step {
	push: () => Promise<SyncRecord[]>;
	expect: Record<string, Stats>;
}

// Messages are built with 3 input tokens and 0 output tokens unless said otherwise.
const SCENARIOS: { name: string; steps: Step[] }[] = [
	{
		name: 'counts inserted messages and follows the newest by createdAt, not by arrival',
		steps: [
			{ push: async () => [await session('s')], expect: { s: EMPTY } },
			{
				push: async () => [await message('m1', 's', { createdAt: at(1) })],
				expect: { s: stats(1, 3, 'm1', 1) }
			},
			{
				push: async () => [
					await message('m3', 's', {
						role: 'assistant',
						inputTokens: 0,
						outputTokens: 5,
						createdAt: at(3)
					})
				],
				expect: { s: stats(2, 8, 'm3', 3) }
			},
			{
				push: async () => [await message('m2', 's', { createdAt: at(2) })],
				expect: { s: stats(3, 11, 'm3', 3) }
			}
		]
	},
	{
		name: 'follows an update that changes tokens and content',
		steps: [
			{
				push: async () => [
					await session('s'),
					await message('m1', 's', { createdAt: at(1) }),
					await message('m2', 's', { createdAt: at(2), inputTokens: 4, outputTokens: 6 })
				],
				expect: { s: stats(2, 13, 'm2', 2) }
			},
			{
				push: async () => [
					await message('m2', 's', {
						createdAt: at(2),
						inputTokens: 4,
						outputTokens: 26,
						content: 'edited',
						updatedAt: at(9)
					})
				],
				expect: { s: stats(2, 33, 'm2', 2, 'edited') }
			},
			{
				push: async () => [
					await message('m1', 's', { createdAt: at(1), inputTokens: 0, updatedAt: at(9) })
				],
				expect: { s: stats(2, 30, 'm2', 2, 'edited') }
			}
		]
	},
	{
		name: 'takes a deleted message out and falls back to the previous newest',
		steps: [
			{
				push: async () => [
					await session('s'),
					await message('m1', 's', { createdAt: at(1), inputTokens: 1 }),
					await message('m2', 's', { createdAt: at(2), inputTokens: 2 }),
					await message('m3', 's', { createdAt: at(3), inputTokens: 4 })
				],
				expect: { s: stats(3, 7, 'm3', 3) }
			},
			{ push: async () => [remove('message', 'm3')], expect: { s: stats(2, 3, 'm2', 2) } },
			{ push: async () => [remove('message', 'm1')], expect: { s: stats(1, 2, 'm2', 2) } },
			{ push: async () => [remove('message', 'm2')], expect: { s: EMPTY } },
			{ push: async () => [remove('message', 'm2')], expect: { s: EMPTY } }
		]
	},
	{
		name: 'moves a message from one session to another',
		steps: [
			{
				push: async () => [
					await session('a'),
					await session('b'),
					await message('m1', 'a', { createdAt: at(1) }),
					await message('m2', 'a', { createdAt: at(2), outputTokens: 10 }),
					await message('b1', 'b', { createdAt: at(0) })
				],
				expect: { a: stats(2, 16, 'm2', 2), b: stats(1, 3, 'b1', 0) }
			},
			{
				push: async () => [
					await message('m2', 'b', { createdAt: at(2), outputTokens: 10, updatedAt: at(9) })
				],
				expect: { a: stats(1, 3, 'm1', 1), b: stats(2, 16, 'm2', 2) }
			},
			{
				push: async () => [await message('m1', 'b', { createdAt: at(1), updatedAt: at(9) })],
				expect: { a: EMPTY, b: stats(3, 19, 'm2', 2) }
			}
		]
	},
	{
		name: 'falls back when the newest message is re-dated to before the others',
		steps: [
			{
				push: async () => [
					await session('s'),
					await message('m1', 's', { createdAt: at(1) }),
					await message('m2', 's', { createdAt: at(2) })
				],
				expect: { s: stats(2, 6, 'm2', 2) }
			},
			{
				push: async () => [await message('m2', 's', { createdAt: at(0), updatedAt: at(9) })],
				expect: { s: stats(2, 6, 'm1', 1) }
			}
		]
	},
	{
		name: 'breaks a createdAt tie by the larger id, on insert and on fallback',
		steps: [
			{
				push: async () => [
					await session('s'),
					await message('b', 's', { createdAt: at(5) }),
					await message('a', 's', { createdAt: at(5) }),
					await message('c', 's', { createdAt: at(5) })
				],
				expect: { s: stats(3, 9, 'c', 5) }
			},
			{ push: async () => [remove('message', 'c')], expect: { s: stats(2, 6, 'b', 5) } }
		]
	},
	{
		name: 'ignores a message inserted and deleted in the same batch',
		steps: [
			{
				push: async () => [
					await session('s'),
					await message('keep', 's', { createdAt: at(1) }),
					await message('brief', 's', { createdAt: at(2) }),
					remove('message', 'brief')
				],
				expect: { s: stats(1, 3, 'keep', 1) }
			}
		]
	},
	{
		name: 'keeps the stats when the session itself is updated',
		steps: [
			{
				push: async () => [await session('s'), await message('m', 's', { createdAt: at(1) })],
				expect: { s: stats(1, 3, 'm', 1) }
			},
			{
				push: async () => [await session('s', { title: 'Renamed', updatedAt: at(9) })],
				expect: { s: stats(1, 3, 'm', 1) }
			}
		]
	},
	{
		name: 'clears the stats of a deleted session',
		steps: [
			{
				push: async () => [await session('s'), await message('m', 's', { createdAt: at(1) })],
				expect: { s: stats(1, 3, 'm', 1) }
			},
			{ push: async () => [remove('session', 's')], expect: { s: EMPTY } }
		]
	}
];

describe.each(BACKENDS)('push aggregates on %s', (backend) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(backend);
	});
	afterAll(() => t.close());

	describe('daily usage', () => {
		const usageOn = async (user: string, date = DAY) =>
			(await readUsage(t.db, user, { from: date, to: date }))[0];
		const usageRowStamps = (user: string) =>
			t.db.query<{ day: string; xmin: string }>(
				'select day::text as day, xmin::text as xmin from usage_daily where user_id = $1 order by day',
				[user]
			);

		it.each([
			['user', { messagesSent: 1, inputTokens: 11 }],
			['assistant', { messagesReceived: 1, outputTokens: 22 }],
			['system', {}]
		] as const)('counts a new %s message once on its day', async (role, counts) => {
			const user = newUserId();
			await push(t.db, user, [
				await session('s'),
				await message('m', 's', { role, inputTokens: 11, outputTokens: 22 })
			]);
			expect(await usageOn(user)).toEqual(day(DAY, counts));
		});

		it('counts a message on the UTC day of its createdAt', async () => {
			const user = newUserId();
			await push(t.db, user, [
				await session('s'),
				await message('late', 's', {
					createdAt: '2026-01-05T23:59:59.999Z',
					updatedAt: '2026-01-06T00:00:05.000Z'
				}),
				await message('early', 's', {
					createdAt: '2026-01-06T00:00:00.000Z',
					updatedAt: '2026-01-06T00:00:00.000Z',
					inputTokens: 7
				})
			]);
			expect(await readUsage(t.db, user, { from: '2026-01-05', to: '2026-01-06' })).toEqual([
				day('2026-01-05', { messagesSent: 1, inputTokens: 3 }),
				day('2026-01-06', { messagesSent: 1, inputTokens: 7 })
			]);
		});

		it('adds up the messages of one day across batches, beyond the range of a 32-bit integer', async () => {
			const user = newUserId();
			const big = 2 ** 31 - 1;
			await push(t.db, user, [
				await session('s'),
				await message('a', 's', { inputTokens: big }),
				await message('b', 's', { role: 'assistant', outputTokens: 5 })
			]);
			await push(t.db, user, [await message('c', 's', { inputTokens: big })]);
			expect(await usageOn(user)).toEqual(
				day(DAY, { messagesSent: 2, messagesReceived: 1, inputTokens: 2 * big, outputTokens: 5 })
			);
		});

		it('returns every day of the range in order, with zeros on days without messages', async () => {
			const user = newUserId();
			await push(t.db, user, [
				await session('s'),
				await message('m', 's', { role: 'assistant', outputTokens: 4 })
			]);
			expect(await readUsage(t.db, user, { from: '2026-01-03', to: '2026-01-07' })).toEqual([
				day('2026-01-03'),
				day('2026-01-04'),
				day('2026-01-05', { messagesReceived: 1, outputTokens: 4 }),
				day('2026-01-06'),
				day('2026-01-07')
			]);
		});

		it('returns zeros across a month and year boundary for a user with no messages', async () => {
			expect(await readUsage(t.db, newUserId(), { from: '2025-12-30', to: '2026-01-02' })).toEqual([
				day('2025-12-30'),
				day('2025-12-31'),
				day('2026-01-01'),
				day('2026-01-02')
			]);
		});

		const stored = (data: Partial<MessageData> = {}) =>
			message('m', 's', { inputTokens: 10, ...data });

		// Each case starts from session `s` holding message `m` (counted once: 1 sent, 10 tokens).
		const NEVER_AGAIN: { name: string; act: (user: string) => Promise<unknown> }[] = [
			{
				name: 'an update with more tokens',
				act: async (user) =>
					push(t.db, user, [await stored({ inputTokens: 99, updatedAt: at(60) })])
			},
			{
				name: 'a re-push of the same record',
				act: async (user) => push(t.db, user, [await stored()])
			},
			{
				name: 'a stale upsert',
				act: async (user) =>
					push(t.db, user, [
						await stored({ inputTokens: 50, updatedAt: '2026-01-01T00:00:00.000Z' })
					])
			},
			{
				name: 'a move to another session',
				act: async (user) =>
					push(t.db, user, [
						await session('s2'),
						await stored({ sessionId: 's2', updatedAt: at(60) })
					])
			},
			{
				name: 'a pull',
				act: async (user) => Promise.all([pull(t.db, user, undefined), pull(t.db, user, 'c1.0')])
			},
			{
				name: 'deleting the message',
				act: async (user) => push(t.db, user, [remove('message', 'm')])
			},
			{
				name: 'a rejected upsert of the deleted message',
				act: async (user) => {
					await push(t.db, user, [remove('message', 'm')]);
					return push(t.db, user, [await stored({ updatedAt: at(60) })]);
				}
			}
		];

		it.each(NEVER_AGAIN)('does not count a stored message again on $name', async (c) => {
			const user = newUserId();
			await push(t.db, user, [await session('s'), await stored()]);
			const stamps = await usageRowStamps(user);
			await c.act(user);
			expect(await usageOn(user)).toEqual(day(DAY, { messagesSent: 1, inputTokens: 10 }));
			expect(await usageRowStamps(user)).toEqual(stamps);
		});

		it('does not count a replayed batch again', async () => {
			const user = newUserId();
			const request = batch([await session('s'), await message('m', 's', { inputTokens: 10 })]);
			await applyPush(t.db, user, request);
			const stamps = await usageRowStamps(user);
			const replay = await applyPush(t.db, user, request);
			expect(replay).toMatchObject({ ok: true, replayed: true });
			expect(await usageOn(user)).toEqual(day(DAY, { messagesSent: 1, inputTokens: 10 }));
			expect(await usageRowStamps(user)).toEqual(stamps);
		});

		it.each([
			['a failed message', () => message('m', 's', { status: 'failed' })],
			['a streaming message', () => message('m', 's', { status: 'streaming' })],
			[
				'a message with a wrong hash',
				async () => ({ ...(await message('m', 's')), hash: `sha256:${'1'.repeat(64)}` })
			],
			['a message for an unknown session', () => message('m', 'nowhere')],
			['a message for a deleted session', () => message('m', 'gone')],
			['an invalid message', () => message('m', 's', { inputTokens: -5 })]
		] as const)('does not count %s', async (_name, record) => {
			const user = newUserId();
			await push(t.db, user, [await session('s'), await session('gone')]);
			await push(t.db, user, [remove('session', 'gone')]);
			const response = await push(t.db, user, [await record()]);
			expect(response.results[0]?.status).toBe('rejected');
			expect(await usageOn(user)).toEqual(day(DAY));
			expect(await usageRowStamps(user)).toEqual([]);
		});
	});

	describe('session stats', () => {
		const readStats = async (user: string, id: string) => {
			const [row] = await t.db.query<Stats>(
				`select message_count::int as "messageCount", total_tokens::int as "totalTokens",
					last_message_id as "lastMessageId", ${isoTimestamp('last_message_at')} as "lastMessageAt",
					last_message_preview as "lastMessagePreview"
				from chat_sessions where user_id = $1 and id = $2`,
				[user, id]
			);
			return row;
		};

		it.each(SCENARIOS)('$name', async ({ steps }) => {
			const user = newUserId();
			for (const [index, step] of steps.entries()) {
				await push(t.db, user, await step.push());
				for (const [id, expected] of Object.entries(step.expect)) {
					expect({ step: index, id, stats: await readStats(user, id) }).toEqual({
						step: index,
						id,
						stats: expected
					});
				}
			}
		});

		it('keeps the first 200 code points as the preview, on insert and on fallback', async () => {
			const user = newUserId();
			const long = '🙂é'.repeat(150);
			const preview = [...long].slice(0, 200).join('');
			await push(t.db, user, [
				await session('s'),
				await message('long', 's', { content: long, createdAt: at(1) }),
				await message('newer', 's', { content: long, createdAt: at(2) })
			]);
			expect((await readStats(user, 's'))?.lastMessagePreview).toBe(preview);
			await push(t.db, user, [remove('message', 'newer')]);
			expect(await readStats(user, 's')).toMatchObject({
				lastMessageId: 'long',
				lastMessagePreview: preview
			});
		});

		it('does not write the session row for unchanged or stale messages', async () => {
			const user = newUserId();
			const stored = await message('m', 's', { updatedAt: at(10) });
			await push(t.db, user, [await session('s'), stored]);
			const xmin = async () =>
				(
					await t.db.query<{ xmin: string }>(
						'select xmin::text as xmin from chat_sessions where user_id = $1 and id = $2',
						[user, 's']
					)
				)[0]?.xmin;
			const before = await xmin();
			await push(t.db, user, [
				stored,
				await message('m', 's', { content: 'old', updatedAt: at(5) })
			]);
			expect(await xmin()).toBe(before);
			expect(await readStats(user, 's')).toEqual(stats(1, 3, 'm', 1));
		});
	});
});
