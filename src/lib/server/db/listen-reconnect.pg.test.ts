import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../../../../tests/support/postgres-server';
import type { Database } from './database';
import { notify } from './notify';
import { openPostgresDatabase } from './postgres-database';

// A server of its own: restarting the shared one would cut the other test files' connections.
describe('listen across a PostgreSQL restart', () => {
	let server: PostgresServer;
	let db: Database;
	beforeAll(async () => {
		server = await startPostgres();
		db = openPostgresDatabase(server.url, { max: 2 });
	});
	afterAll(async () => {
		await db?.close();
		server?.stop();
	});

	it('listens again within seconds of the server coming back after an outage, and says so', async () => {
		const payloads: string[] = [];
		let reconnects = 0;
		const stop = await db.listen('test_restart', (payload) => payloads.push(payload), {
			onReconnect: () => reconnects++
		});
		await notify(db, 'test_restart', 'before');
		await expect.poll(() => payloads).toEqual(['before']);
		expect(reconnects).toBe(0);

		await server.restart(6000);
		await expect.poll(() => reconnects, { timeout: 20_000 }).toBe(1);
		await expect
			.poll(
				async () => {
					await notify(db, 'test_restart', 'after');
					return payloads.includes('after');
				},
				{ timeout: 20_000 }
			)
			.toBe(true);
		await stop();
	});
});
