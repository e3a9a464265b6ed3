import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pullAll, push, signUp, type Account } from '../support/api-client';
import { openLiveEvents } from '../support/live-events-client';
import { replaceServerConnections } from '../support/pgbouncer';
import { batch, message, session } from '../support/records';
import { serverDatabase, startServer, type ServerProcess } from '../support/server-process';

// The server as Supabase users run it: DATABASE_URL at a transaction-mode pooler (PgBouncer
// here, Supavisor's port 6543 there), DATABASE_DIRECT_URL at the database itself.

describe('a server with DATABASE_URL at PgBouncer in transaction mode', () => {
	let server: ServerProcess;
	let databaseUrl: string;
	beforeAll(async () => {
		const database = await serverDatabase('pgbouncer', {
			postgresUrl: inject('postgresUrl'),
			pgbouncerUrl: inject('pgbouncerUrl')
		});
		databaseUrl = database.databaseUrl ?? '';
		expect(databaseUrl).not.toBe(database.databaseDirectUrl);
		server = await startServer(database);
	});
	afterAll(() => server?.stop());

	/** Pushes a session with a message for each account at once, then pulls them back. */
	async function pushAndPull(accounts: Account[], round: string) {
		const pushed = await Promise.all(
			accounts.map(async (account) =>
				push(
					server.url,
					account,
					batch([await session(`s-${round}`), await message(`m-${round}`, `s-${round}`)])
				)
			)
		);
		const statuses = await Promise.all(
			pushed.map(async (response) => `${response.status} ${(await response.text()).slice(0, 200)}`)
		);
		expect(statuses.filter((status) => !status.startsWith('200 '))).toEqual([]);
		const pulled = await Promise.all(accounts.map((account) => pullAll(server.url, account)));
		for (const records of pulled) {
			expect(records.map((record) => record.id)).toEqual(
				expect.arrayContaining([`s-${round}`, `m-${round}`])
			);
		}
	}

	it('signs up, pushes, pulls, and streams the change it heard on its direct connection', async () => {
		const alice = await signUp(server.url);
		const stream = await openLiveEvents(server.url, alice);
		try {
			expect(stream.response.status).toBe(200);
			await expect.poll(() => stream.data('ready').length).toBe(1);
			const pushed = await push(server.url, alice, batch([await session('s1')]));
			expect(pushed.status).toBe(200);
			const { cursor } = (await pushed.json()) as { cursor: string };
			// Sent through the pooler once the push committed, heard by LISTEN on DATABASE_DIRECT_URL.
			await expect.poll(() => stream.data('change')).toEqual([{ cursor }]);
			expect((await pullAll(server.url, alice)).map((record) => record.id)).toEqual(['s1']);
		} finally {
			stream.close();
		}
	});

	it('keeps answering once PgBouncer gives it server connections it never used: nothing is prepared', async () => {
		const accounts = await Promise.all(Array.from({ length: 12 }, () => signUp(server.url)));
		// Many at once: every connection of the server's pool has run every sync statement.
		await pushAndPull(accounts, 'before');
		await replaceServerConnections(inject('pgbouncerUrl'), databaseUrl);
		await pushAndPull(accounts, 'after');
	});
});
