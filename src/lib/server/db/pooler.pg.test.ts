import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../../../tests/support/databases';
import { replaceServerConnections } from '../../../../tests/support/pgbouncer';
import { newUserId } from '../../../../tests/support/records';
import type { Database } from './database';
import { pipeline } from './pipeline';
import { openPostgresDatabase } from './postgres-database';
import { actAsUser } from './user-transaction';

// PgBouncer in transaction mode runs each transaction on whichever server connection is free.
// Having it replace its server connections makes the next transaction land on one that has
// seen nothing of this client: what a busy pooler does at random, done here every time.

describe('PostgreSQL through PgBouncer in transaction mode', () => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase('pgbouncer');
	});
	afterAll(() => t.close());

	const replace = () => replaceServerConnections(inject('pgbouncerUrl'), t.url ?? '');

	/** A transaction of statements with parameters, as every push and pull runs; its server connection. */
	const work = (db: Database) =>
		db.transaction(async (tx) => {
			const [row] = await tx.query<{ pid: number }>(
				'select $1::int * 0 + pg_backend_pid() as pid',
				[41]
			);
			await tx.query('select $1::text as again', ['again']);
			return row?.pid;
		});

	it('runs a transaction on a server connection it has never used, nothing prepared', async () => {
		const before = await work(t.db);
		await replace();
		const after = await work(t.db);
		expect(after).toEqual(expect.any(Number));
		expect(after).not.toBe(before);
	});

	it('fails there with named prepared statements, which is why DATABASE_DIRECT_URL turns them off', async () => {
		const prepared = openPostgresDatabase(t.url ?? '', { max: 1 });
		try {
			expect(await work(prepared)).toEqual(expect.any(Number));
			await replace();
			await expect(work(prepared)).rejects.toThrow(/prepared statement "\w+" does not exist/);
		} finally {
			await prepared.close();
		}
	});

	it('commits early in the pipeline of the statements before it, and rolls back when one fails', async () => {
		await t.db.exec('create table pooled_pipeline (x int primary key)');
		const write = (values: number[]) =>
			t.db.transaction(async (tx) => {
				const inserts = values.map((x) => tx.query('insert into pooled_pipeline values ($1)', [x]));
				await pipeline([...inserts, tx.commitEarly()]);
			});
		await write([1, 2, 3]);
		await expect(write([4, 1, 5])).rejects.toThrow(/duplicate key/);
		await write([6]);
		const rows = await t.db.query<{ x: number }>('select x from pooled_pipeline order by x');
		expect(rows.map((row) => row.x)).toEqual([1, 2, 3, 6]);
	});

	it("leaves nothing of a transaction's settings to the next transaction on its server connection", async () => {
		const user = newUserId();
		const inside = await t.db.transaction(async (tx) => {
			await actAsUser(tx, user);
			const [row] = await tx.query<{ pid: number; role: string }>(
				'select pg_backend_pid() as pid, current_user as role'
			);
			return row;
		});
		expect(inside?.role).toBe('authenticated');
		// PgBouncer gives the server connection freed last to the next transaction.
		const [after] = await t.db.query<{ pid: number; role: string; claims: string | null }>(
			`select pg_backend_pid() as pid, current_user as role,
				current_setting('request.jwt.claims', true) as claims`
		);
		// Empty, not gone: a setting once set in a session stays defined there, empty.
		expect(after).toEqual({ pid: inside?.pid, role: 'postgres', claims: '' });
	});

	it('runs the statements of a reserved connection each in a transaction of its own, as a pull does', async () => {
		const user = newUserId();
		const [first, second] = await t.db.reserved(async (connection) => {
			const [acting] = await connection.query<{ xid: string; role: string }>(
				'select outpost_act_as($1), txid_current()::text as xid, current_user as role',
				[user]
			);
			const [next] = await connection.query<{ xid: string; role: string }>(
				'select txid_current()::text as xid, current_user as role'
			);
			return [acting, next];
		});
		expect(first?.role).toBe('authenticated');
		expect(second?.role).toBe('postgres');
		expect(second?.xid).not.toBe(first?.xid);
	});
});
