import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectProblem, getAs, push, signUp, type Account } from '../support/api-client';
import { roomInThisMinute } from '../support/minute-window';
import { batch, session } from '../support/records';
import {
	createDatabase,
	newSessionSecret,
	startServer,
	type ServerProcess
} from '../support/server-process';

const LIMIT = 3;

async function expectRateLimited(response: Response): Promise<void> {
	const retryAfter = response.headers.get('retry-after');
	const problem = await expectProblem(response, 429);
	expect(problem.code).toBe('rate_limited');
	expect(retryAfter).toMatch(/^\d+$/);
	const seconds = Number(retryAfter);
	expect(seconds).toBeGreaterThanOrEqual(1);
	expect(seconds).toBeLessThanOrEqual(60);
}

const pull = (server: ServerProcess, account: Account) =>
	getAs(server.url, account, '/api/sync/pull');

describe(`SYNC_RATE_LIMIT=${LIMIT} on two server processes sharing one Postgres database`, () => {
	let a: ServerProcess;
	let b: ServerProcess;
	let databaseUrl: string;
	beforeAll(async () => {
		databaseUrl = await createDatabase(inject('postgresUrl'));
		const sessionSecret = newSessionSecret();
		[a, b] = await Promise.all([
			startServer({ databaseUrl, sessionSecret, syncRateLimit: LIMIT }),
			startServer({ databaseUrl, sessionSecret, syncRateLimit: LIMIT })
		]);
	});
	afterAll(() => Promise.all([a?.stop(), b?.stop()]));

	it('answers the 4th push or pull of a user within a minute with 429 and Retry-After', async () => {
		const account = await signUp(a.url);
		const other = await signUp(a.url);
		await roomInThisMinute();
		expect((await push(a.url, account, batch([await session('r1')]))).status).toBe(200);
		expect((await pull(a, account)).status).toBe(200);
		expect((await push(a.url, account, batch([await session('r2')]))).status).toBe(200);
		await expectRateLimited(await pull(a, account));
		await expectRateLimited(await push(a.url, account, batch([await session('r3')])));
		// The limit is per user.
		expect((await pull(a, other)).status).toBe(200);
	});

	it('does not apply a batch it answers with 429', async () => {
		const account = await signUp(a.url);
		await roomInThisMinute();
		for (let i = 0; i < LIMIT; i++) expect((await pull(a, account)).status).toBe(200);
		await expectRateLimited(await push(a.url, account, batch([await session('late')])));
		const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
		try {
			const [row] = await sql<{ sessions: number; batches: number }[]>`
				select (select count(*)::int from chat_sessions where user_id = ${account.user.id}) as sessions,
					(select count(*)::int from sync_batches where user_id = ${account.user.id}) as batches`;
			expect(row).toEqual({ sessions: 0, batches: 0 });
		} finally {
			await sql.end();
		}
	});

	it('counts the requests of a user on both servers together', async () => {
		const account = await signUp(a.url);
		await roomInThisMinute();
		expect((await push(a.url, account, batch([await session('x1')]))).status).toBe(200);
		expect((await pull(b, account)).status).toBe(200);
		expect((await push(b.url, account, batch([await session('x2')]))).status).toBe(200);
		await expectRateLimited(await pull(a, account));
		await expectRateLimited(await push(b.url, account, batch([await session('x3')])));
		await expectRateLimited(await pull(b, account));
	});
});
