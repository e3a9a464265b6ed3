import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, freshDatabase, type TestDatabase } from '../../../../tests/support/databases';
import { batch, message, newUserId, remove, session } from '../../../../tests/support/records';
import { CHANGES_CHANNEL } from '../events/notifications';
import { applyPush } from './push';

describe.each(BACKENDS)('the change notices of pushes on %s', (backend) => {
	let t: TestDatabase;
	let heard: { u: string; c: string }[];
	let stop: () => Promise<void>;
	beforeAll(async () => {
		t = await freshDatabase(backend);
		heard = [];
		stop = await t.db.listen(CHANGES_CHANNEL, (payload) => heard.push(JSON.parse(payload)));
	});
	afterAll(async () => {
		await stop?.();
		await t?.close();
	});

	async function pushed(user: string, request: ReturnType<typeof batch>) {
		const outcome = await applyPush(t.db, user, request);
		if (!outcome.ok) throw new Error(`the push failed: ${outcome.code}`);
		return (JSON.parse(outcome.body) as { cursor: string }).cursor;
	}

	it('announces a push that changed something once, with its cursor, and nothing else', async () => {
		const alice = newUserId();
		const first = batch([await session('s1'), await message('m1', 's1')]);
		const cursor = await pushed(alice, first);
		await expect.poll(() => heard.filter((n) => n.u === alice)).toEqual([{ u: alice, c: cursor }]);
		// A replay, and a batch of records already stored: nothing changed, nothing announced.
		await pushed(alice, first);
		await pushed(alice, batch([await session('s1'), await message('m1', 's1')]));
		// Planned from the store: a session delete, whose cursor counts its tombstones.
		const deleted = await pushed(alice, batch([remove('session', 's1')]));
		expect(deleted).not.toBe(cursor);
		await expect
			.poll(() => heard.filter((n) => n.u === alice))
			.toEqual([
				{ u: alice, c: cursor },
				{ u: alice, c: deleted }
			]);
	});

	it('announces every push of many users pushing at once to its own user', async () => {
		const users = Array.from({ length: 20 }, newUserId);
		const cursors = await Promise.all(
			users.map(async (user) => pushed(user, batch([await session(`s-${user}`)])))
		);
		await expect
			.poll(() => users.map((user) => heard.filter((n) => n.u === user).map((n) => n.c)))
			.toEqual(cursors.map((cursor) => [cursor]));
	});
});
