import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectProblem, getAs, push, signUp, type Account } from '../support/api-client';
import { openLiveEvents, type LiveEventsClient } from '../support/live-events-client';
import { startPostgres } from '../support/postgres-server';
import { batch, session } from '../support/records';
import {
	createDatabase,
	newSessionSecret,
	startServer,
	type ServerProcess
} from '../support/server-process';

const open: LiveEventsClient[] = [];
/** Opens a stream that is closed after the test file. */
async function stream(server: ServerProcess, account: Account, query = '') {
	const client = await openLiveEvents(server.url, account, query);
	open.push(client);
	return client;
}
afterAll(() => {
	for (const client of open) client.close();
});

/** Waits until `client` has read its `ready` and returns its data. */
async function ready(client: LiveEventsClient) {
	expect(client.response.status).toBe(200);
	await expect.poll(() => client.data('ready').length).toBe(1);
	return client.data('ready')[0];
}

describe('live events over PostgreSQL, two instances', () => {
	let a: ServerProcess;
	let b: ServerProcess;
	let sql: postgres.Sql;
	beforeAll(async () => {
		const databaseUrl = await createDatabase(inject('postgresUrl'));
		const options = { databaseUrl, sessionSecret: newSessionSecret() };
		[a, b] = await Promise.all([startServer(options), startServer(options)]);
		sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
	});
	afterAll(async () => {
		await sql?.end();
		await Promise.all([a?.stop(), b?.stop()]);
	});

	/** Notifies directly on the database, as a push or a reply's generator does. */
	const notify = (channel: string, payload: unknown) =>
		sql`select pg_notify(${channel}, ${JSON.stringify(payload)})`;

	it('starts an uncached event stream with retry and ready, the cursor null before any change', async () => {
		const alice = await signUp(a.url);
		const client = await stream(a, alice);
		expect(client.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
		expect(client.response.headers.get('cache-control')).toBe('no-store');
		expect(client.response.headers.get('x-accel-buffering')).toBe('no');
		expect(await ready(client)).toEqual({ cursor: null });
		expect(client.text().startsWith('retry: 2000\n\nevent: ready\n')).toBe(true);
	});

	it('starts with the cursor of the newest change once the user has one', async () => {
		const alice = await signUp(a.url);
		const pushed = await push(a.url, alice, batch([await session('s1')]));
		const { cursor } = (await pushed.json()) as { cursor: string };
		expect(await ready(await stream(b, alice))).toEqual({ cursor });
	});

	it("sends a change notified on the database to that user's streams on both instances, and to nobody else", async () => {
		const [alice, bob] = [await signUp(a.url), await signUp(a.url)];
		const onA = await stream(a, alice);
		const onB = await stream(b, alice);
		const bobs = await stream(a, bob);
		await Promise.all([ready(onA), ready(onB), ready(bobs)]);
		await notify('outpost_changes', { u: alice.user.id, c: 'c1.5' });
		await expect.poll(() => onA.data('change')).toEqual([{ cursor: 'c1.5' }]);
		await expect.poll(() => onB.data('change')).toEqual([{ cursor: 'c1.5' }]);
		// Notifications arrive in order: once Bob's own has come, Alice's would have.
		await notify('outpost_changes', { u: bob.user.id, c: 'c1.9' });
		await expect.poll(() => bobs.data('change')).toEqual([{ cursor: 'c1.9' }]);
		expect(onA.data('change')).toEqual([{ cursor: 'c1.5' }]);
	});

	it('sends pieces of reply text as reply events, and ignores malformed notifications', async () => {
		const alice = await signUp(a.url);
		const client = await stream(b, alice);
		await ready(client);
		await notify('outpost_reply_text', { u: alice.user.id, id: 'r1', s: 's1', o: 0, t: 'Hel' });
		await sql`select pg_notify('outpost_reply_text', 'not json')`;
		await notify('outpost_changes', { u: alice.user.id });
		await notify('outpost_reply_text', { u: alice.user.id, id: 'r1', s: 's1', o: 3, t: 'lo 🙂' });
		await expect
			.poll(() => client.data('reply'))
			.toEqual([
				{ id: 'r1', sessionId: 's1', offset: 0, text: 'Hel' },
				{ id: 'r1', sessionId: 's1', offset: 3, text: 'lo 🙂' }
			]);
		expect(client.data('change')).toEqual([]);
		expect(client.ended()).toBe(false);
	});

	it('refuses a seventh stream on one instance, takes it on the other, and frees a slot when a stream closes', async () => {
		const alice = await signUp(a.url);
		const six = await Promise.all(Array.from({ length: 6 }, () => stream(a, alice)));
		await Promise.all(six.map(ready));
		const seventh = await stream(a, alice);
		const problem = await expectProblem(seventh.response, 429);
		expect(problem.code).toBe('too_many_streams');
		expect(Number(seventh.response.headers.get('retry-after'))).toBeGreaterThan(0);
		await ready(await stream(b, alice));

		// Open streams do not count as requests in progress: pushes and pulls go on.
		const pulled = await getAs(a.url, alice, '/api/sync/pull');
		expect(pulled.status).toBe(200);
		await pulled.arrayBuffer();
		const pushed = await push(a.url, alice, batch([await session('s-busy')]));
		expect(pushed.status).toBe(200);
		await pushed.arrayBuffer();

		six[0]?.close();
		await expect
			.poll(async () => {
				const again = await stream(a, alice);
				if (again.response.status !== 200) await again.response.arrayBuffer();
				return again.response.status;
			})
			.toBe(200);
	});

	it('refuses a stream without a session, or bound to another account', async () => {
		const alice = await signUp(a.url);
		await expectProblem(await fetch(`${a.url}/api/sync/events`), 401);
		const other = await stream(a, alice, '?accountId=someone-else');
		expect((await expectProblem(other.response, 409)).code).toBe('account_mismatch');
		expect(await ready(await stream(a, alice, `?accountId=${alice.user.id}`))).toEqual({
			cursor: null
		});
	});

	it('ends the streams of a session at once when it signs out on the same instance', async ({
		expect
	}) => {
		const alice = await signUp(a.url);
		const client = await stream(a, alice);
		await ready(client);
		const out = await fetch(`${a.url}/api/auth/logout`, {
			method: 'POST',
			headers: { cookie: alice.cookie, origin: a.url }
		});
		expect(out.status).toBe(204);
		await expect.poll(() => client.ended(), { timeout: 3_000, interval: 100 }).toBe(true);
	}, 10_000);

	it('ends the streams of a session on another instance at once when it signs out', async ({
		expect
	}) => {
		const alice = await signUp(a.url);
		const client = await stream(b, alice);
		await ready(client);
		const out = await fetch(`${a.url}/api/auth/logout`, {
			method: 'POST',
			headers: { cookie: alice.cookie, origin: a.url }
		});
		expect(out.status).toBe(204);
		// Well before the stream's own session check (every minute: see event-stream.test.ts).
		await expect.poll(() => client.ended(), { timeout: 3_000, interval: 100 }).toBe(true);
	}, 10_000);
});

describe('live events on a stopping instance', () => {
	it('ends its streams at once when told to stop, instead of holding the shutdown', async () => {
		const server = await startServer({
			databaseUrl: await createDatabase(inject('postgresUrl')),
			env: { SHUTDOWN_TIMEOUT: '30' }
		});
		try {
			const alice = await signUp(server.url);
			const client = await stream(server, alice);
			await ready(client);
			const started = Date.now();
			await server.stop();
			expect(Date.now() - started).toBeLessThan(5000);
			await expect.poll(() => client.ended()).toBe(true);
		} finally {
			await server.stop();
		}
	});
});

// A PostgreSQL server of its own: restarting the shared one would cut the other files' connections.
describe('live events across a PostgreSQL restart', () => {
	it('keeps the streams open, tells them the newest cursor once back, and carries on', async () => {
		const database = await startPostgres();
		const server = await startServer({ databaseUrl: database.url });
		const sql = postgres(database.url, { max: 1, onnotice: () => {} });
		try {
			const alice = await signUp(server.url);
			const pushed = await push(server.url, alice, batch([await session('s1')]));
			const { cursor } = (await pushed.json()) as { cursor: string };
			const client = await stream(server, alice);
			expect(await ready(client)).toEqual({ cursor });

			await database.restart(1500);
			await expect.poll(() => client.data('change'), { timeout: 20_000 }).toEqual([{ cursor }]);
			expect(client.ended()).toBe(false);
			await expect
				.poll(
					async () => {
						await sql`select pg_notify('outpost_changes', ${JSON.stringify({ u: alice.user.id, c: 'c1.z' })})`;
						return client.data('change').length;
					},
					{ timeout: 20_000 }
				)
				.toBeGreaterThan(1);
			expect(client.data('change').at(-1)).toEqual({ cursor: 'c1.z' });
		} finally {
			await sql.end();
			await server.stop();
			database.stop();
		}
	}, 60_000);
});

describe('live events on PGlite', () => {
	let server: ServerProcess;
	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(() => server?.stop());

	it('starts with ready and the cursor of the newest change', async () => {
		const alice = await signUp(server.url);
		expect(await ready(await stream(server, alice))).toEqual({ cursor: null });
		const pushed = await push(server.url, alice, batch([await session('s1')]));
		const { cursor } = (await pushed.json()) as { cursor: string };
		expect(await ready(await stream(server, alice))).toEqual({ cursor });
	});
});
