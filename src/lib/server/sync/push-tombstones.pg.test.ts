import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '$lib/sync/cursor';
import { BACKENDS, freshDatabase, type TestDatabase } from '../../../../tests/support/databases';
import { at, message, newUserId, remove, session } from '../../../../tests/support/records';
import { pull, push, rowStamp, userRows, userSeq } from '../../../../tests/support/sync-calls';

describe.each(BACKENDS)('tombstones on %s', (backend) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(backend);
	});
	afterAll(() => t.close());

	it("tombstones a deleted session's stored messages after it, in version order", async () => {
		const user = newUserId();
		const created = await push(t.db, user, [
			await session('s'),
			await message('m3', 's'),
			await message('m1', 's'),
			await message('m2', 's'),
			await session('other'),
			await message('kept', 'other')
		]);
		const response = await push(t.db, user, [remove('session', 's')]);
		expect(response.results).toEqual([{ id: 's', type: 'session', status: 'deleted', version: 7 }]);
		expect(response.cursor).toBe(encodeCursor(10));

		const changes = await pull(t.db, user, created.cursor);
		expect(changes.records).toEqual([
			{ type: 'session', id: 's', op: 'delete', version: 7 },
			{ type: 'message', id: 'm3', op: 'delete', version: 8 },
			{ type: 'message', id: 'm1', op: 'delete', version: 9 },
			{ type: 'message', id: 'm2', op: 'delete', version: 10 }
		]);
		expect(changes.cursor).toBe(encodeCursor(10));
		expect(changes.hasMore).toBe(false);

		const rows = await t.db.query<{ id: string; deleted: boolean; content: string | null }>(
			'select id, deleted, content from chat_messages where user_id = $1 order by id',
			[user]
		);
		expect(rows).toEqual([
			{ id: 'kept', deleted: false, content: 'message kept' },
			{ id: 'm1', deleted: true, content: null },
			{ id: 'm2', deleted: true, content: null },
			{ id: 'm3', deleted: true, content: null }
		]);
	});

	it('leaves a message deleted earlier with its own tombstone version when its session is deleted', async () => {
		const user = newUserId();
		await push(t.db, user, [await session('s'), await message('a', 's'), await message('b', 's')]);
		await push(t.db, user, [remove('message', 'a')]);
		const before = await rowStamp(t.db, user, 'message', 'a');
		expect(before).toMatchObject({ version: 4, deleted: true });
		const response = await push(t.db, user, [remove('session', 's')]);
		expect(response.cursor).toBe(encodeCursor(6));
		expect(await rowStamp(t.db, user, 'message', 'a')).toEqual(before);
		expect(await rowStamp(t.db, user, 'message', 'b')).toMatchObject({ version: 6, deleted: true });
	});

	it('tombstones a message stored earlier in the same batch as its session delete', async () => {
		const user = newUserId();
		const response = await push(t.db, user, [
			await session('s'),
			await message('m', 's'),
			remove('session', 's'),
			await message('late', 's')
		]);
		expect(response.results.map((r) => [r.id, r.status, r.version ?? r.code])).toEqual([
			['s', 'inserted', 1],
			['m', 'inserted', 2],
			['s', 'deleted', 3],
			['late', 'rejected', 'unknown_session']
		]);
		expect(response.cursor).toBe(encodeCursor(4));
		expect(await rowStamp(t.db, user, 'message', 'm')).toMatchObject({ version: 4, deleted: true });
		expect(await rowStamp(t.db, user, 'message', 'late')).toBeUndefined();
	});

	// Array order (rule 1): once session `a` is deleted, its message `m` is a tombstone, and a
	// later upsert of `m` must find it deleted whether the delete came in an earlier batch or
	// earlier in the same batch.
	it.each([
		['in an earlier batch', [['setup'], ['delete'], ['move']]],
		['earlier in the same batch', [['setup'], ['delete', 'move']]],
		['earlier in the same batch that also stored the message', [['setup', 'delete', 'move']]]
	] as const)(
		'rejects moving a message out of its session after the session was deleted %s',
		async (_name, batches) => {
			const user = newUserId();
			const steps = {
				setup: [await session('a'), await session('b'), await message('m', 'a')],
				delete: [remove('session', 'a')],
				move: [await message('m', 'b', { updatedAt: at(60) })]
			};
			let last;
			for (const names of batches)
				last = await push(
					t.db,
					user,
					names.flatMap((name) => steps[name])
				);
			expect(last?.results.at(-1)).toMatchObject({ id: 'm', status: 'rejected', code: 'deleted' });
			expect(await rowStamp(t.db, user, 'message', 'm')).toMatchObject({ deleted: true });
			const [b] = await t.db.query<{ n: number }>(
				'select message_count as n from chat_sessions where user_id = $1 and id = $2',
				[user, 'b']
			);
			expect(b?.n).toBe(0);
		}
	);

	it.each([
		['the same message again', () => message('m', 'a'), 'unknown_session'],
		[
			'a newer version in the same session',
			() => message('m', 'a', { updatedAt: at(60) }),
			'unknown_session'
		]
	] as const)(
		'rejects %s after its session was deleted earlier in the same batch',
		async (_name, record, code) => {
			const user = newUserId();
			await push(t.db, user, [await session('a'), await message('m', 'a')]);
			const response = await push(t.db, user, [remove('session', 'a'), await record()]);
			expect(response.results[1]).toMatchObject({ id: 'm', status: 'rejected', code });
			expect(await rowStamp(t.db, user, 'message', 'm')).toMatchObject({ deleted: true });
		}
	);

	it.each([
		['session', 's'],
		['message', 'm']
	] as const)('rejects an upsert of a deleted %s id with code deleted', async (type, id) => {
		const user = newUserId();
		await push(t.db, user, [await session('s'), await session('keep'), await message('m', 'keep')]);
		await push(t.db, user, [remove(type, id)]);
		const before = await rowStamp(t.db, user, type, id);
		const again =
			type === 'session'
				? await session('s', { updatedAt: at(3600) })
				: await message('m', 'keep', { updatedAt: at(3600) });
		const response = await push(t.db, user, [again]);
		expect(response.results).toEqual([
			{ id, type, status: 'rejected', code: 'deleted', message: expect.stringMatching(/\S/) }
		]);
		expect(await rowStamp(t.db, user, type, id)).toEqual(before);
	});

	it('leaves a tombstone for an id it never saw, which then refuses upserts', async () => {
		const user = newUserId();
		const response = await push(t.db, user, [
			remove('session', 'ghost'),
			remove('message', 'phantom')
		]);
		expect(response.results).toEqual([
			{ id: 'ghost', type: 'session', status: 'deleted', version: 1 },
			{ id: 'phantom', type: 'message', status: 'deleted', version: 2 }
		]);
		expect(await rowStamp(t.db, user, 'session', 'ghost')).toMatchObject({
			version: 1,
			deleted: true
		});
		expect(await rowStamp(t.db, user, 'message', 'phantom')).toMatchObject({
			version: 2,
			deleted: true
		});

		const changes = await pull(t.db, user, encodeCursor(0));
		expect(changes.records).toEqual([
			{ type: 'session', id: 'ghost', op: 'delete', version: 1 },
			{ type: 'message', id: 'phantom', op: 'delete', version: 2 }
		]);
		const upsert = await push(t.db, user, [await session('ghost')]);
		expect(upsert.results[0]).toMatchObject({ status: 'rejected', code: 'deleted' });
	});

	it.each([
		['session', 's'],
		['message', 'm']
	] as const)(
		'answers deleting a %s tombstone again with deleted and writes nothing',
		async (type, id) => {
			const user = newUserId();
			await push(t.db, user, [await session('s'), await message('m', 's')]);
			const first = await push(t.db, user, [remove(type, id)]);
			const version = first.results[0]?.version;
			expect(version).toBe(3);
			const stamp = await rowStamp(t.db, user, type, id);
			const seq = await userSeq(t.db, user);
			const rows = await userRows(t.db, user);

			const again = await push(t.db, user, [remove(type, id)], `again-${type}`);
			expect(again.results).toEqual([{ id, type, status: 'deleted', version }]);
			expect(again.cursor).toBe(first.cursor);
			expect(await rowStamp(t.db, user, type, id)).toEqual(stamp);
			expect(await userSeq(t.db, user)).toBe(seq);
			const { [`batch:again-${type}`]: batchRow, ...rest } = await userRows(t.db, user);
			expect(batchRow).toBeDefined();
			expect(rest).toEqual(rows);
		}
	);

	it('rejects a message for a deleted session with unknown_session', async () => {
		const user = newUserId();
		await push(t.db, user, [await session('s')]);
		await push(t.db, user, [remove('session', 's')]);
		const response = await push(t.db, user, [await message('m', 's')]);
		expect(response.results[0]).toMatchObject({
			id: 'm',
			status: 'rejected',
			code: 'unknown_session'
		});
		expect(await rowStamp(t.db, user, 'message', 'm')).toBeUndefined();
	});

	it('rejects moving a stored message into a deleted session and keeps it where it was', async () => {
		const user = newUserId();
		await push(t.db, user, [await session('a'), await session('b'), await message('m', 'a')]);
		await push(t.db, user, [remove('session', 'b')]);
		const before = await rowStamp(t.db, user, 'message', 'm');
		const response = await push(t.db, user, [await message('m', 'b', { updatedAt: at(60) })]);
		expect(response.results[0]).toMatchObject({ status: 'rejected', code: 'unknown_session' });
		expect(await rowStamp(t.db, user, 'message', 'm')).toEqual(before);
	});
});
