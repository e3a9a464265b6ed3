import { describe, expect, it } from 'vitest';
import type { Database, ListenOptions } from '../db/database';
import { SESSION_ENDED_CHANNEL, SessionCache, type LiveSession } from './session-cache';

const USER = { id: 'u1', email: 'a@example.com' };

/** A database that only listens: `send` delivers a notification, `reconnect` a lost connection. */
function listeningDatabase() {
	let deliver: (payload: string) => void = () => {};
	let options: ListenOptions = {};
	let stopped = false;
	const db = {
		listen: (channel: string, onPayload: (payload: string) => void, given?: ListenOptions) => {
			expect(channel).toBe(SESSION_ENDED_CHANNEL);
			deliver = onPayload;
			options = given ?? {};
			return Promise.resolve(async () => {
				stopped = true;
				await Promise.resolve();
			});
		}
	} as unknown as Database;
	return {
		db,
		send: (payload: string) => deliver(payload),
		reconnect: () => options.onReconnect?.(),
		stopped: () => stopped
	};
}

/** A row reader that counts its reads and answers `answer()`. */
function reader(answer: () => LiveSession | undefined = () => ({ user: USER, expiresAt: 1e15 })) {
	const counter = {
		reads: 0,
		read: () => {
			counter.reads++;
			return Promise.resolve(answer());
		}
	};
	return counter;
}

describe('SessionCache', () => {
	it('reads every time until it listens, then believes a checked session', async () => {
		const cache = new SessionCache();
		const rows = reader();
		await cache.user('s1', 'u1', rows.read);
		await cache.user('s1', 'u1', rows.read);
		expect(rows.reads).toBe(2);
		await cache.watch(listeningDatabase().db);
		expect(await cache.user('s1', 'u1', rows.read)).toEqual(USER);
		expect(await cache.user('s1', 'u1', rows.read)).toEqual(USER);
		expect(rows.reads).toBe(3);
	});

	it('reads again once the database says the session ended, or every session (*)', async () => {
		const cache = new SessionCache();
		const database = listeningDatabase();
		await cache.watch(database.db);
		const rows = reader();
		await cache.user('s1', 'u1', rows.read);
		await cache.user('s2', 'u1', rows.read);
		database.send('s1');
		await cache.user('s1', 'u1', rows.read);
		await cache.user('s2', 'u1', rows.read);
		expect(rows.reads).toBe(3);
		database.send('*');
		await cache.user('s1', 'u1', rows.read);
		await cache.user('s2', 'u1', rows.read);
		expect(rows.reads).toBe(5);
	});

	it('forgets everything when its listening connection comes back, and when it stops', async () => {
		const cache = new SessionCache();
		const database = listeningDatabase();
		const stop = await cache.watch(database.db);
		const rows = reader();
		await cache.user('s1', 'u1', rows.read);
		database.reconnect();
		await cache.user('s1', 'u1', rows.read);
		expect(rows.reads).toBe(2);
		await stop();
		expect(database.stopped()).toBe(true);
		await cache.user('s1', 'u1', rows.read);
		await cache.user('s1', 'u1', rows.read);
		expect(rows.reads).toBe(4);
	});

	it('does not remember a row read before a sign-out it heard of meanwhile', async () => {
		const cache = new SessionCache();
		const database = listeningDatabase();
		await cache.watch(database.db);
		let release: (row: LiveSession) => void = () => {};
		const slow = () => new Promise<LiveSession>((resolve) => (release = resolve));
		const answer = cache.user('s1', 'u1', slow);
		database.send('s1');
		release({ user: USER, expiresAt: 1e15 });
		expect(await answer).toEqual(USER);
		const rows = reader(() => undefined);
		expect(await cache.user('s1', 'u1', rows.read)).toBeUndefined();
		expect(rows.reads).toBe(1);
	});

	it('never remembers an ended session, nor a session for another user id', async () => {
		const cache = new SessionCache();
		await cache.watch(listeningDatabase().db);
		const ended = reader(() => undefined);
		expect(await cache.user('s1', 'u1', ended.read)).toBeUndefined();
		expect(await cache.user('s1', 'u1', ended.read)).toBeUndefined();
		expect(ended.reads).toBe(2);
		const rows = reader();
		await cache.user('s2', 'u1', rows.read);
		await cache.user('s2', 'u2', rows.read);
		expect(rows.reads).toBe(2);
	});

	it('believes a session until it expires, and no longer than its maximum age', async () => {
		let now = 1_000;
		const cache = new SessionCache(60_000, () => now);
		await cache.watch(listeningDatabase().db);
		const expiring = reader(() => ({ user: USER, expiresAt: 5_000 }));
		await cache.user('s1', 'u1', expiring.read);
		now = 4_999;
		await cache.user('s1', 'u1', expiring.read);
		expect(expiring.reads).toBe(1);
		now = 5_000;
		await cache.user('s1', 'u1', expiring.read);
		expect(expiring.reads).toBe(2);

		const lasting = reader();
		await cache.user('s2', 'u1', lasting.read);
		now += 59_999;
		await cache.user('s2', 'u1', lasting.read);
		expect(lasting.reads).toBe(1);
		now += 1;
		await cache.user('s2', 'u1', lasting.read);
		expect(lasting.reads).toBe(2);
	});

	it('reads once for the requests of one session that ask while it is read', async () => {
		const cache = new SessionCache();
		const rows = reader();
		await Promise.all([1, 2, 3].map(() => cache.user('s1', 'u1', rows.read)));
		expect(rows.reads).toBe(1);
	});

	it('tells its listeners of each session the database says ended, not of every session', async () => {
		const cache = new SessionCache();
		const database = listeningDatabase();
		const heard: string[] = [];
		cache.onEnded((sessionId) => heard.push(sessionId));
		await cache.watch(database.db);
		database.send('s1');
		database.send('*');
		database.reconnect();
		cache.forget('s2');
		expect(heard).toEqual(['s1']);
	});
});
