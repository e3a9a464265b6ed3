import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, getAs, push, signUp, type Account } from '../support/api-client';
import { startPostgres, type PostgresServer } from '../support/postgres-server';
import { batch, session } from '../support/records';
import { startServer, type ServerProcess } from '../support/server-process';

async function expectUnavailable(response: Response): Promise<void> {
	const retryAfter = response.headers.get('retry-after');
	const problem = await expectProblem(response, 503);
	expect(problem.code).toBe('database_unavailable');
	expect(retryAfter).toMatch(/^[1-9]\d*$/);
}

describe('a server whose Postgres has stopped', () => {
	let postgres: PostgresServer | undefined;
	let server: ServerProcess;
	let account: Account;
	beforeAll(async () => {
		postgres = await startPostgres();
		server = await startServer({ databaseUrl: postgres.url });
		account = await signUp(server.url);
		// The server worked before the database went away.
		expect((await push(server.url, account, batch([await session('before')]))).status).toBe(200);
		postgres.stop();
		postgres = undefined;
	});
	afterAll(async () => {
		await server?.stop();
		postgres?.stop();
	});

	it('answers a push with 503, Retry-After and problem+json', async () => {
		await expectUnavailable(await push(server.url, account, batch([await session('during')])));
	});

	it('answers a pull with 503, Retry-After and problem+json', async () => {
		await expectUnavailable(await getAs(server.url, account, '/api/sync/pull'));
	});

	it('answers a health check with 503, Retry-After and problem+json', async () => {
		await expectUnavailable(await fetch(`${server.url}/api/health`));
	});

	it('answers a sign-in with 503 rather than 401', async () => {
		const response = await fetch(`${server.url}/api/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: account.email, password: account.password })
		});
		await expectUnavailable(response);
	});

	it('keeps answering 503 on every retry, not 500', async () => {
		const statuses = [];
		for (let i = 0; i < 5; i++) {
			const response = await push(server.url, account, batch([await session(`retry${i}`)]));
			await response.arrayBuffer();
			statuses.push(response.status);
		}
		expect(statuses).toEqual([503, 503, 503, 503, 503]);
	});
});
