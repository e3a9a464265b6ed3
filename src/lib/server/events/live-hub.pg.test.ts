import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, freshDatabase, type TestDatabase } from '../../../../tests/support/databases';
import { startPostgres, type PostgresServer } from '../../../../tests/support/postgres-server';
import { newUserId } from '../../../../tests/support/records';
import type { Database } from '../db/database';
import { migrate } from '../db/migrate';
import { readMigrations } from '../db/migration-files';
import { notify } from '../db/notify';
import { openPostgresDatabase } from '../db/postgres-database';
import { EventHub } from './event-hub';
import { startLiveHub, type LiveHub } from './live-hub';
import { CHANGES_CHANNEL, REPLY_TEXT_CHANNEL, type LiveEvent } from './notifications';
import { userCursor, userCursors } from './user-cursor';

/** A subscriber that keeps what it is sent. */
function stream() {
	const events: LiveEvent[] = [];
	return { events, send: (e: LiveEvent) => void events.push(e), close() {} };
}

const setSeq = (db: Database, userId: string, seq: number) =>
	db.query(
		`insert into sync_state (user_id, seq) values ($1, $2)
		on conflict (user_id) do update set seq = excluded.seq`,
		[userId, seq]
	);

describe.each(BACKENDS)('live hub on %s', (backend) => {
	let t: TestDatabase;
	let live: LiveHub;
	const hub = new EventHub();
	beforeAll(async () => {
		t = await freshDatabase(backend);
		live = await startLiveHub(t.db, hub);
	});
	afterAll(async () => {
		await live?.stop();
		await t?.close();
	});

	it("hands a committed change to its user's streams only", async () => {
		const [alice, bob] = [newUserId(), newUserId()];
		const [a, b] = [stream(), stream()];
		const leaves = [hub.subscribe(alice, a), hub.subscribe(bob, b)];
		await t.db.transaction((tx) =>
			notify(tx, CHANGES_CHANNEL, JSON.stringify({ u: alice, c: 'c1.5' }))
		);
		await expect.poll(() => a.events).toEqual([{ name: 'change', data: { cursor: 'c1.5' } }]);
		expect(b.events).toEqual([]);
		for (const leave of leaves) leave?.();
	});

	it('hands pieces of reply text to the streams in the order they were sent', async () => {
		const alice = newUserId();
		const a = stream();
		const leave = hub.subscribe(alice, a);
		for (const [o, t_] of [
			[0, 'Hel'],
			[3, 'lo']
		] as const) {
			await notify(
				t.db,
				REPLY_TEXT_CHANNEL,
				JSON.stringify({ u: alice, id: 'r1', s: 's1', o, t: t_ })
			);
		}
		await expect
			.poll(() => a.events.map((e) => (e.name === 'reply' ? e.data.text : '')))
			.toEqual(['Hel', 'lo']);
		leave?.();
	});

	it("reads a user's newest cursor, or null before their first change", async () => {
		const [alice, bob, carol] = [newUserId(), newUserId(), newUserId()];
		expect(await userCursor(t.db, alice)).toBeNull();
		await setSeq(t.db, alice, 0);
		expect(await userCursor(t.db, alice)).toBeNull();
		await setSeq(t.db, alice, 36);
		await setSeq(t.db, bob, 5);
		expect(await userCursor(t.db, alice)).toBe('c1.10');
		expect(await userCursors(t.db, [alice, bob, carol])).toEqual(
			new Map([
				[alice, 'c1.10'],
				[bob, 'c1.5']
			])
		);
		expect(await userCursors(t.db, [])).toEqual(new Map());
	});
});

// A server of its own: restarting the shared one would cut the other test files' connections.
describe('live hub across a PostgreSQL restart', () => {
	let server: PostgresServer;
	let db: Database;
	let live: LiveHub;
	const hub = new EventHub();
	beforeAll(async () => {
		server = await startPostgres();
		db = openPostgresDatabase(server.url, { max: 2 });
		await migrate(
			db,
			readMigrations(fileURLToPath(new URL('../../../../supabase/migrations', import.meta.url)))
		);
		live = await startLiveHub(db, hub);
	});
	afterAll(async () => {
		await live?.stop();
		await db?.close();
		server?.stop();
	});

	it('tells every stream its newest cursor once it listens again, then hears changes again', async () => {
		const [alice, bob] = [newUserId(), newUserId()];
		const [a, b] = [stream(), stream()];
		hub.subscribe(alice, a);
		hub.subscribe(bob, b);
		await setSeq(db, alice, 7);
		await server.restart(1000);
		// Bob has no change: nothing to tell him.
		await expect
			.poll(() => a.events, { timeout: 20_000 })
			.toEqual([{ name: 'change', data: { cursor: 'c1.7' } }]);
		expect(b.events).toEqual([]);
		await notify(db, CHANGES_CHANNEL, JSON.stringify({ u: bob, c: 'c1.1' }));
		await expect.poll(() => b.events).toEqual([{ name: 'change', data: { cursor: 'c1.1' } }]);
	});
});
