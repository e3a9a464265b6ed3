import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRecord } from '$lib/protocol/record';
import { encodeCursor } from '$lib/sync/cursor';
import { hashData, sha256Hex } from '$lib/sync/hash';
import { BACKENDS, freshDatabase, type TestDatabase } from '../../../../tests/support/databases';
import { at, message, newUserId, remove, session } from '../../../../tests/support/records';
import { push, rowStamp } from '../../../../tests/support/sync-calls';

type Upsert = Extract<SyncRecord, { op: 'upsert' }>;

/** A record as built, as a plain object that the cases below may bend out of shape. */
const loose = (record: SyncRecord): Record<string, unknown> => ({ ...record });
const withData = (record: SyncRecord, change: Record<string, unknown>) => {
	const upsert = record as Upsert;
	return { ...upsert, data: { ...upsert.data, ...change } };
};

interface RejectionCase {
	name: string;
	/** The record under test; it names session `s` where it needs one. */
	record: () => Promise<Record<string, unknown>>;
	id: string;
	type: string;
	code: string;
}

const REJECTIONS: RejectionCase[] = [
	{
		name: 'an unknown type',
		record: async () => ({ ...loose(await session('x')), type: 'note' }),
		id: 'x',
		type: 'note',
		code: 'invalid'
	},
	{
		name: 'an id with a space',
		record: async () => ({ ...loose(await message('m', 's')), id: 'has space' }),
		id: 'has space',
		type: 'message',
		code: 'invalid'
	},
	{
		name: 'an id of 65 characters',
		record: async () => ({ ...loose(await message('m', 's')), id: 'a'.repeat(65) }),
		id: 'a'.repeat(65),
		type: 'message',
		code: 'invalid'
	},
	{
		name: 'an unknown op',
		record: async () => ({ ...loose(await message('m', 's')), op: 'patch' }),
		id: 'm',
		type: 'message',
		code: 'invalid'
	},
	{
		name: 'an upsert without a hash',
		record: async () => {
			const { hash: _hash, ...rest } = (await message('m', 's')) as Upsert;
			return rest;
		},
		id: 'm',
		type: 'message',
		code: 'invalid'
	},
	{
		name: 'an upsert without data',
		record: async () => {
			const { data: _data, ...rest } = (await message('m', 's')) as Upsert;
			return rest;
		},
		id: 'm',
		type: 'message',
		code: 'invalid'
	},
	{
		name: 'a delete that carries data',
		record: async () => ({ ...loose(await message('m', 's')), op: 'delete' }),
		id: 'm',
		type: 'message',
		code: 'invalid'
	},
	{
		name: 'a data key the protocol does not list',
		record: async () => {
			const data = { ...((await message('m', 's')) as Upsert).data, mood: 'happy' };
			return { type: 'message', id: 'm', op: 'upsert', hash: await hashData(data), data };
		},
		id: 'm',
		type: 'message',
		code: 'invalid'
	},
	{
		name: 'a title of 201 characters',
		record: async () => loose(await session('x', { title: 'x'.repeat(201) })),
		id: 'x',
		type: 'session',
		code: 'invalid'
	},
	{
		name: 'content with a NUL',
		record: async () => loose(await message('m', 's', { content: 'a\u0000b' })),
		id: 'm',
		type: 'message',
		code: 'invalid'
	},
	{
		// Built by hand: a lone surrogate has no RFC 8785 form, so no hash can be computed for it.
		name: 'content with a lone surrogate',
		record: async () => withData(await message('m', 's'), { content: 'a\uD800b' }),
		id: 'm',
		type: 'message',
		code: 'invalid'
	},
	{
		name: 'negative input tokens',
		record: async () => loose(await message('m', 's', { inputTokens: -1 })),
		id: 'm',
		type: 'message',
		code: 'invalid'
	},
	{
		name: 'output tokens of 2^31',
		record: async () => loose(await message('m', 's', { outputTokens: 2 ** 31 })),
		id: 'm',
		type: 'message',
		code: 'invalid'
	},
	{
		name: 'a timestamp without milliseconds',
		record: async () => loose(await message('m', 's', { createdAt: '2026-01-05T10:00:00Z' })),
		id: 'm',
		type: 'message',
		code: 'invalid'
	},
	{
		// JavaScript takes it, PostgreSQL has no year 0000: refused before the database sees it.
		name: 'a timestamp in year 0000',
		record: async () => loose(await message('m', 's', { createdAt: '0000-01-01T00:00:00.000Z' })),
		id: 'm',
		type: 'message',
		code: 'invalid'
	},
	{
		name: 'a session updated in year 0000',
		record: async () => loose(await session('x', { updatedAt: '0000-06-01T12:00:00.000Z' })),
		id: 'x',
		type: 'session',
		code: 'invalid'
	},
	{
		name: 'a hash in upper case',
		record: async () => {
			const record = (await message('m', 's')) as Upsert;
			return { ...record, hash: record.hash.toUpperCase().replace('SHA256', 'sha256') };
		},
		id: 'm',
		type: 'message',
		code: 'invalid'
	},
	{
		name: 'a hash of other data',
		record: async () => ({
			...loose(await message('m', 's')),
			hash: ((await message('m', 's', { content: 'other' })) as Upsert).hash
		}),
		id: 'm',
		type: 'message',
		code: 'hash_mismatch'
	},
	{
		name: 'a hash of the data in key order instead of RFC 8785 order',
		record: async () => {
			const record = (await message('m', 's')) as Upsert;
			return { ...record, hash: `sha256:${await sha256Hex(JSON.stringify(record.data))}` };
		},
		id: 'm',
		type: 'message',
		code: 'hash_mismatch'
	},
	...(['failed', 'pending', 'streaming'] as const).map((status) => ({
		name: `a ${status} message`,
		record: async () => loose(await message('m', 's', { status })),
		id: 'm',
		type: 'message',
		code: 'not_complete'
	})),
	{
		name: 'a message naming a session never pushed',
		record: async () => loose(await message('m', 'nowhere')),
		id: 'm',
		type: 'message',
		code: 'unknown_session'
	}
];

interface OrderCase {
	name: string;
	/** Pushed first, in its own batch. */
	setup: () => Promise<unknown[]>;
	record: () => Promise<Record<string, unknown>>;
	status: string;
	code?: string;
}

const wrongHash = `sha256:${'0'.repeat(64)}`;

// Rule 7: shape, hash_mismatch, not_complete, unchanged, then unknown_session, deleted and
// last-writer-wins. Each case breaks two rules; the earlier one must win.
const CHECK_ORDER: OrderCase[] = [
	{
		name: 'invalid shape before hash_mismatch',
		setup: async () => [await session('s')],
		record: async () => ({ ...withData(await message('m', 's'), { mood: 1 }), hash: wrongHash }),
		status: 'rejected',
		code: 'invalid'
	},
	{
		name: 'hash_mismatch before not_complete',
		setup: async () => [await session('s')],
		record: async () => ({
			...loose(await message('m', 's', { status: 'failed' })),
			hash: wrongHash
		}),
		status: 'rejected',
		code: 'hash_mismatch'
	},
	{
		name: 'hash_mismatch before unchanged (a changed message sent with the stored hash)',
		setup: async () => [await session('s'), await message('m', 's')],
		record: async () => ({
			...withData(await message('m', 's'), { content: 'edited' }),
			hash: ((await message('m', 's')) as Upsert).hash
		}),
		status: 'rejected',
		code: 'hash_mismatch'
	},
	{
		name: 'not_complete before unknown_session',
		record: async () => loose(await message('m', 'nowhere', { status: 'failed' })),
		setup: async () => [],
		status: 'rejected',
		code: 'not_complete'
	},
	{
		name: 'not_complete before deleted',
		setup: async () => [await session('s'), remove('message', 'm')],
		record: async () => loose(await message('m', 's', { status: 'streaming' })),
		status: 'rejected',
		code: 'not_complete'
	},
	{
		name: 'unknown_session before deleted',
		setup: async () => [remove('message', 'm')],
		record: async () => loose(await message('m', 'nowhere')),
		status: 'rejected',
		code: 'unknown_session'
	},
	{
		name: 'deleted before last-writer-wins, for a newer upsert',
		setup: async () => [await session('s'), remove('message', 'm')],
		record: async () => loose(await message('m', 's', { updatedAt: at(3600) })),
		status: 'rejected',
		code: 'deleted'
	},
	{
		name: 'deleted before last-writer-wins, for an older upsert',
		setup: async () => [remove('session', 's')],
		record: async () => loose(await session('s', { updatedAt: '2020-01-01T00:00:00.000Z' })),
		status: 'rejected',
		code: 'deleted'
	},
	{
		name: 'unchanged before last-writer-wins',
		setup: async () => [await session('s', { updatedAt: at(60) })],
		record: async () => loose(await session('s', { updatedAt: at(60) })),
		status: 'unchanged'
	}
];

describe.each(BACKENDS)('push on %s', (backend) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(backend);
	});
	afterAll(() => t.close());

	const messageCount = async (user: string) => {
		const [row] = await t.db.query<{ n: number }>(
			'select count(*)::int as n from chat_messages where user_id = $1',
			[user]
		);
		return row?.n;
	};

	it.each(REJECTIONS)(
		'rejects $name with $code and still applies the rest of the batch',
		async (c) => {
			const user = newUserId();
			const response = await push(t.db, user, [await session('s'), await c.record()]);
			expect(response.results).toHaveLength(2);
			expect(response.results[0]).toEqual({
				id: 's',
				type: 'session',
				status: 'inserted',
				version: 1
			});
			expect(response.results[1]).toMatchObject({
				id: c.id,
				type: c.type,
				status: 'rejected',
				code: c.code
			});
			expect(response.results[1]?.message).toMatch(/\S/);
			expect(await messageCount(user)).toBe(0);
			expect(response.cursor).toBe(encodeCursor(1));
		}
	);

	it.each(CHECK_ORDER)('checks $name', async (c) => {
		const user = newUserId();
		const setup = await c.setup();
		if (setup.length > 0) await push(t.db, user, setup);
		const response = await push(t.db, user, [await c.record()]);
		expect(response.results[0]?.status).toBe(c.status);
		expect(response.results[0]?.code).toBe(c.code);
	});

	it('accepts a title of 200 characters outside the BMP (400 UTF-16 units)', async () => {
		const user = newUserId();
		const record = await session('s', { title: '😀'.repeat(200) });
		const response = await push(t.db, user, [record]);
		expect(response.results[0]?.status).toBe('inserted');
	});

	it('numbers inserts, updates and deletes with consecutive versions and answers unchanged with the stored version', async () => {
		const user = newUserId();
		const first = await push(t.db, user, [await session('s'), await message('m', 's')]);
		expect(first.results).toEqual([
			{ id: 's', type: 'session', status: 'inserted', version: 1 },
			{ id: 'm', type: 'message', status: 'inserted', version: 2 }
		]);
		expect(first.cursor).toBe(encodeCursor(2));

		const edited = await message('m', 's', { content: 'edited', updatedAt: at(10) });
		const second = await push(t.db, user, [edited]);
		expect(second.results).toEqual([{ id: 'm', type: 'message', status: 'updated', version: 3 }]);
		expect(second.cursor).toBe(encodeCursor(3));

		const third = await push(t.db, user, [edited, await session('s')]);
		expect(third.results).toEqual([
			{ id: 'm', type: 'message', status: 'unchanged', version: 3 },
			{ id: 's', type: 'session', status: 'unchanged', version: 1 }
		]);
		expect(third.cursor).toBe(encodeCursor(3));

		const fourth = await push(t.db, user, [remove('message', 'm')]);
		expect(fourth.results).toEqual([{ id: 'm', type: 'message', status: 'deleted', version: 4 }]);
		expect(fourth.cursor).toBe(encodeCursor(4));
	});

	it('echoes the protocol and batchId and answers every record in request order', async () => {
		const user = newUserId();
		const records = [
			await session('s1'),
			await message('bad', 'nowhere'),
			await session('s2'),
			await message('m1', 's2'),
			remove('message', 'gone')
		];
		const response = await push(t.db, user, records, 'batch-echo-1');
		expect(response.protocol).toBe(2);
		expect(response.batchId).toBe('batch-echo-1');
		expect(response.results.map((r) => [r.id, r.type, r.status, r.version])).toEqual([
			['s1', 'session', 'inserted', 1],
			['bad', 'message', 'rejected', undefined],
			['s2', 'session', 'inserted', 2],
			['m1', 'message', 'inserted', 3],
			['gone', 'message', 'deleted', 4]
		]);
		expect(response.cursor).toBe(encodeCursor(4));
	});

	it('keeps the cursor where it was when a batch changes nothing', async () => {
		const user = newUserId();
		await push(t.db, user, [await session('s'), await message('m', 's')]);
		const response = await push(t.db, user, [
			await message('m', 's'),
			await message('x', 'nowhere'),
			{ type: 'note', id: 'n', op: 'upsert' }
		]);
		expect(response.results.map((r) => r.status)).toEqual(['unchanged', 'rejected', 'rejected']);
		expect(response.cursor).toBe(encodeCursor(2));
	});

	it('updates a record when the upsert has a newer updatedAt', async () => {
		const user = newUserId();
		await push(t.db, user, [await session('s'), await message('m', 's')]);
		const response = await push(t.db, user, [
			await message('m', 's', { content: 'newer', updatedAt: at(5) })
		]);
		expect(response.results[0]).toEqual({
			id: 'm',
			type: 'message',
			status: 'updated',
			version: 3
		});
		const [row] = await t.db.query<{ content: string }>(
			'select content from chat_messages where user_id = $1 and id = $2',
			[user, 'm']
		);
		expect(row?.content).toBe('newer');
	});

	it.each([
		[
			'message',
			() => message('m', 's', { content: 'newest', updatedAt: at(100) }),
			() => message('m', 's', { content: 'older', updatedAt: at(50) })
		],
		[
			'session',
			() => session('s', { title: 'newest', updatedAt: at(100) }),
			() => session('s', { title: 'older', updatedAt: at(50) })
		]
	] as const)(
		'answers an older %s upsert with stale, carrying the stored record as current, and keeps the row',
		async (type, newer, older) => {
			const user = newUserId();
			const stored = await newer();
			await push(t.db, user, type === 'message' ? [await session('s'), stored] : [stored]);
			const before = await rowStamp(t.db, user, type, stored.id);
			const response = await push(t.db, user, [await older()]);
			expect(response.results).toEqual([
				{ id: stored.id, type, status: 'stale', version: before?.version, current: stored }
			]);
			expect(await rowStamp(t.db, user, type, stored.id)).toEqual(before);
		}
	);

	it('breaks an updatedAt tie by the larger hash, in either order of arrival', async () => {
		const variants = await Promise.all(
			['alpha', 'beta'].map((content) => message('m', 's', { content, updatedAt: at(30) }))
		);
		const [low, high] = variants.sort((a, b) => ((a as Upsert).hash < (b as Upsert).hash ? -1 : 1));
		if (!low || !high) throw new Error('two variants expected');

		const lowFirst = newUserId();
		await push(t.db, lowFirst, [await session('s'), low]);
		const upgrade = await push(t.db, lowFirst, [high]);
		expect(upgrade.results[0]?.status).toBe('updated');

		const highFirst = newUserId();
		await push(t.db, highFirst, [await session('s'), high]);
		const downgrade = await push(t.db, highFirst, [low]);
		expect(downgrade.results[0]).toMatchObject({ status: 'stale', version: 2, current: high });
	});

	it('applies records in array order: a session before its message, never the other way round', async () => {
		const user = newUserId();
		const response = await push(t.db, user, [
			await message('early', 's'),
			await session('s'),
			await message('late', 's')
		]);
		expect(response.results.map((r) => [r.id, r.status, r.code])).toEqual([
			['early', 'rejected', 'unknown_session'],
			['s', 'inserted', undefined],
			['late', 'inserted', undefined]
		]);
	});

	it('applies two upserts of one id in one batch one after the other', async () => {
		const user = newUserId();
		const newer = await message('m', 's', { content: 'second', updatedAt: at(20) });
		const older = await message('m', 's', { content: 'third', updatedAt: at(15) });
		const response = await push(t.db, user, [
			await session('s'),
			await message('m', 's'),
			newer,
			older
		]);
		expect(response.results.map((r) => [r.status, r.version])).toEqual([
			['inserted', 1],
			['inserted', 2],
			['updated', 3],
			['stale', 3]
		]);
		expect(response.results[3]?.current).toEqual(newer);
		expect(await rowStamp(t.db, user, 'message', 'm')).toMatchObject({
			version: 3,
			deleted: false
		});
	});
});
