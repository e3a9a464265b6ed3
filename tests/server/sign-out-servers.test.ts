import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getAs, signUp, type Account } from '../support/api-client';
import {
	createDatabase,
	newSessionSecret,
	startServer,
	type ServerProcess
} from '../support/server-process';

/** The status `/api/auth/me` answers the account on `server`. */
const me = async (server: ServerProcess, account: Account) => {
	const response = await getAs(server.url, account, '/api/auth/me');
	await response.arrayBuffer();
	return response.status;
};

// Each instance believes a session it has checked until the database says it ended: the
// notification must reach the other instance well before the cache's own limit of a minute.
const HEARD_WITHIN = { timeout: 5_000, interval: 50 };

describe('a session ended on one of two server processes sharing one Postgres database', () => {
	let a: ServerProcess;
	let b: ServerProcess;
	let sql: postgres.Sql;
	beforeAll(async () => {
		const databaseUrl = await createDatabase(inject('postgresUrl'));
		const sessionSecret = newSessionSecret();
		[a, b] = await Promise.all([
			startServer({ databaseUrl, sessionSecret }),
			startServer({ databaseUrl, sessionSecret })
		]);
		sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
	});
	afterAll(() => Promise.all([a?.stop(), b?.stop(), sql?.end()]));

	it('is refused by the other at once after a sign-out, though it had checked the session', async () => {
		const account = await signUp(a.url);
		const other = await signUp(a.url);
		expect(await me(b, account)).toBe(200);
		expect(await me(b, account)).toBe(200);
		const out = await fetch(`${a.url}/api/auth/logout`, {
			method: 'POST',
			headers: { cookie: account.cookie }
		});
		expect(out.status).toBe(204);
		await expect.poll(() => me(b, account), HEARD_WITHIN).toBe(401);
		expect(await me(a, account)).toBe(401);
		expect(await me(b, other)).toBe(200);
	});

	it('is refused by both when its row is deleted in the database, or the table emptied', async () => {
		const account = await signUp(a.url);
		const other = await signUp(b.url);
		for (const server of [a, b]) {
			expect(await me(server, account)).toBe(200);
			expect(await me(server, other)).toBe(200);
		}
		await sql`delete from auth_sessions where user_id = ${account.user.id}`;
		for (const server of [a, b]) {
			await expect.poll(() => me(server, account), HEARD_WITHIN).toBe(401);
			expect(await me(server, other)).toBe(200);
		}
		await sql`truncate auth_sessions`;
		for (const server of [a, b]) {
			await expect.poll(() => me(server, other), HEARD_WITHIN).toBe(401);
		}
	});
});
