import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKENDS, freshDatabase, type TestDatabase } from '../../../../tests/support/databases';
import { createPlainDatabase } from '../../../../tests/support/create-database';
import { startPostgres } from '../../../../tests/support/postgres-server';
import type { Database } from './database';
import { migrate, migrationChecksum, MigrationMismatchError, type Migration } from './migrate';
import { readMigrations } from './migration-files';
import { openPostgresDatabase } from './postgres-database';

const MIGRATIONS = readMigrations(
	fileURLToPath(new URL('../../../../supabase/migrations', import.meta.url))
);
const NAMES = MIGRATIONS.map((m) => m.name).sort();

const applied = (db: Database) =>
	db.query<{ name: string; n: number }>(
		'select name, count(*)::int as n from outpost_schema_migrations group by name order by name'
	);

describe.each(BACKENDS)('migrate on %s', (backend) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(backend);
	});
	afterAll(() => t.close());

	it('applies nothing when every migration is already applied', async () => {
		expect(NAMES.length).toBeGreaterThanOrEqual(1);
		expect(await migrate(t.db, MIGRATIONS)).toEqual([]);
		expect(await migrate(t.db, [...MIGRATIONS].reverse())).toEqual([]);
		expect(await applied(t.db)).toEqual(NAMES.map((name) => ({ name, n: 1 })));
	});

	it('applies only the migrations added since, in name order whatever the order given', async () => {
		const added: Migration[] = [
			{
				name: '29990101000002_extra_column.sql',
				sql: 'alter table migrate_extra add column y int;'
			},
			{ name: '29990101000001_extra_table.sql', sql: 'create table migrate_extra (x int);' }
		];
		expect(await migrate(t.db, [...added, ...MIGRATIONS])).toEqual([
			'29990101000001_extra_table.sql',
			'29990101000002_extra_column.sql'
		]);
		expect(await migrate(t.db, [...MIGRATIONS, ...added])).toEqual([]);
		const columns = await t.db.query<{ column_name: string }>(
			`select column_name from information_schema.columns where table_name = 'migrate_extra' order by column_name`
		);
		expect(columns.map((c) => c.column_name)).toEqual(['x', 'y']);
	});

	it('applies nothing of a run in which one migration fails', async () => {
		const run: Migration[] = [
			{ name: '29990102000001_partial.sql', sql: 'create table migrate_partial (x int);' },
			{ name: '29990102000002_broken.sql', sql: 'select * from migrate_no_such_table;' }
		];
		await expect(migrate(t.db, [...MIGRATIONS, ...run])).rejects.toThrow(/migrate_no_such_table/);
		const [table] = await t.db.query<{ found: string | null }>(
			`select to_regclass('migrate_partial')::text as found`
		);
		expect(table?.found).toBeNull();
		const names = (await applied(t.db)).map((row) => row.name);
		expect(names).not.toContain('29990102000001_partial.sql');
	});

	it('records each migration with its checksum and refuses one changed since', async () => {
		const rows = await t.db.query<{ name: string; checksum: string }>(
			'select name, checksum from outpost_schema_migrations order by name'
		);
		const byName = new Map(rows.map((row) => [row.name, row.checksum]));
		for (const migration of MIGRATIONS) {
			expect(byName.get(migration.name)).toBe(migrationChecksum(migration.sql));
		}
		const [first, ...rest] = MIGRATIONS;
		if (!first) throw new Error('no migrations');
		const edited = [{ ...first, sql: `${first.sql}\n-- an edit\n` }, ...rest];
		const refusal = migrate(t.db, edited);
		await expect(refusal).rejects.toBeInstanceOf(MigrationMismatchError);
		await expect(refusal).rejects.toThrow(
			`Migrations changed after they were applied: ${first.name}`
		);
		// Only the line endings differ: the same script.
		const crlf = [{ ...first, sql: first.sql.replace(/\n/g, '\r\n') }, ...rest];
		expect(await migrate(t.db, crlf)).toEqual([]);
	});

	it("keeps no Supabase CLI history on a database that is not a Supabase project's", async () => {
		const [found] = await t.db.query<{ history: string | null }>(
			`select to_regnamespace('supabase_migrations')::text as history`
		);
		expect(found).toEqual({ history: null });
	});

	it('refuses a database migrated by a history from before its first migration', async () => {
		const older = { name: '20000101000000_squashed_away.sql', sql: 'select 1;' };
		await t.db.query('insert into outpost_schema_migrations (name, checksum) values ($1, $2)', [
			older.name,
			migrationChecksum(older.sql)
		]);
		try {
			await expect(migrate(t.db, MIGRATIONS)).rejects.toThrow(
				/holds migrations from before .*20000101000000_squashed_away\.sql.*empty database/
			);
		} finally {
			await t.db.query('delete from outpost_schema_migrations where name = $1', [older.name]);
		}
	});
});

describe('migrate on new postgres databases', () => {
	it('lets two pools migrate one new database at once, applying each migration once', async () => {
		for (let round = 0; round < 3; round++) {
			const url = await createPlainDatabase(inject('postgresUrl'));
			const pools = [openPostgresDatabase(url, { max: 2 }), openPostgresDatabase(url, { max: 2 })];
			try {
				const results = await Promise.all(pools.map((db) => migrate(db, MIGRATIONS)));
				expect(results.map((names) => names.length).sort()).toEqual([0, NAMES.length]);
				expect(results.flat()).toEqual(NAMES);
				expect(await applied(pools[0] as Database)).toEqual(NAMES.map((name) => ({ name, n: 1 })));
			} finally {
				await Promise.all(pools.map((db) => db.close()));
			}
		}
	});

	// The role `authenticated` belongs to the whole server, not to one database, so the lock
	// migrate() takes (per database) does not cover it. Here another database of the same
	// server is creating it at that moment, as when two services first migrate at once.
	it('migrates a database of a new server while another database creates the shared role', async () => {
		const server = await startPostgres();
		const admin = postgres(server.url, { max: 2, onnotice: () => {} });
		let db: Database | undefined;
		try {
			const url = await createPlainDatabase(server.url);
			const other = await admin.reserve();
			await other.unsafe('begin');
			await other.unsafe('create role authenticated nologin');
			db = openPostgresDatabase(url, { max: 1 });
			const migrating = migrate(db, MIGRATIONS).then(
				(names) => ({ ok: true as const, names }),
				(error: unknown) => ({ ok: false as const, error: String(error) })
			);
			for (let i = 0; i < 100; i++) {
				const [waiting] = await admin.unsafe<{ n: number }[]>(
					`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock'`
				);
				if ((waiting?.n ?? 0) > 0) break;
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			await other.unsafe('commit');
			other.release();
			expect(await migrating).toEqual({ ok: true, names: NAMES });
		} finally {
			await db?.close();
			await admin.end();
			server.stop();
		}
	});
});
