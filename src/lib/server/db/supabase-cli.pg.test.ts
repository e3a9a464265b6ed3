import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSupabaseDatabase, supabaseDbPush } from '../../../../tests/support/supabase-project';
import type { Database } from './database';
import { migrate, migrationChecksum, MigrationMismatchError } from './migrate';
import { readMigrations } from './migration-files';
import { openPostgresDatabase } from './postgres-database';

// A Supabase user migrates with the Supabase CLI (`supabase db push`), which keeps its own
// history; the server migrates at start-up. Either may come first on a Supabase project's
// database (tests/support/supabase-bootstrap.sql): the other then has nothing to apply.

const MIGRATIONS = readMigrations(
	fileURLToPath(new URL('../../../../supabase/migrations', import.meta.url))
);
const NAMES = MIGRATIONS.map((m) => m.name).sort();
const VERSIONS = NAMES.map((name) => name.split('_', 1)[0]);

const cliVersions = async (db: Database) =>
	(
		await db.query<{ version: string }>(
			'select version from supabase_migrations.schema_migrations order by version'
		)
	).map((row) => row.version);

const serverHistory = (db: Database) =>
	db.query<{ name: string; checksum: string }>(
		'select name, checksum from outpost_schema_migrations order by name'
	);

/** A new Supabase database and a pool on it, closed after the file's tests. */
function supabaseDatabases() {
	const pools: Database[] = [];
	afterAll(() => Promise.all(pools.map((db) => db.close())));
	return async () => {
		const url = await createSupabaseDatabase(inject('postgresUrl'));
		const db = openPostgresDatabase(url, { max: 2 });
		pools.push(db);
		return { url, db };
	};
}

describe('the Supabase CLI first, then the server', () => {
	const newDatabase = supabaseDatabases();
	let db: Database;
	beforeAll(async () => {
		const created = await newDatabase();
		db = created.db;
		const run = await supabaseDbPush(created.url, '--include-seed');
		expect(run, run.output).toMatchObject({ code: 0 });
		for (const name of NAMES) expect(run.output).toContain(`Applying migration ${name}`);
		expect(run.output).toContain('Seeding data from supabase/seed.sql');
	});

	it('starts on what the CLI applied, applying nothing, and keeps one history', async () => {
		expect(await cliVersions(db)).toEqual(VERSIONS);
		expect(await migrate(db, MIGRATIONS)).toEqual([]);
		expect(await serverHistory(db)).toEqual(
			[...MIGRATIONS]
				.sort((a, b) => a.name.localeCompare(b.name))
				.map((m) => ({ name: m.name, checksum: migrationChecksum(m.sql) }))
		);
		expect(await migrate(db, MIGRATIONS)).toEqual([]);
		expect(await cliVersions(db)).toEqual(VERSIONS);
	});

	it('refuses a CLI history from before its first migration', async () => {
		await db.query(
			`insert into supabase_migrations.schema_migrations (version, name, statements)
				values ('20000101000000', 'squashed_away', array['select 1'])`
		);
		try {
			await expect(migrate(db, MIGRATIONS)).rejects.toThrow(
				/holds migrations from before .*20000101000000.*empty database/
			);
		} finally {
			await db.query(
				`delete from supabase_migrations.schema_migrations where version = '20000101000000'`
			);
		}
	});

	it('applies a migration added since and records it where the CLI looks', async () => {
		const added = { name: '29990101000001_cli_extra.sql', sql: 'create table cli_extra (x int);' };
		expect(await migrate(db, [...MIGRATIONS, added])).toEqual([added.name]);
		const [row] = await db.query<{ name: string; statements: string[] }>(
			`select name, statements from supabase_migrations.schema_migrations
				where version = '29990101000001'`
		);
		expect(row).toEqual({ name: 'cli_extra', statements: [added.sql] });
	});
});

describe('a migration the CLI applied and edited since', () => {
	const newDatabase = supabaseDatabases();

	it('is refused, as one the server applied would be', async () => {
		const { url, db } = await newDatabase();
		const run = await supabaseDbPush(url);
		expect(run, run.output).toMatchObject({ code: 0 });
		const [first, ...rest] = [...MIGRATIONS].sort((a, b) => a.name.localeCompare(b.name));
		if (!first) throw new Error('no migrations');
		const edited = [
			{ ...first, sql: `${first.sql}\ncreate table edited_since (x int);\n` },
			...rest
		];
		const refusal = migrate(db, edited);
		await expect(refusal).rejects.toBeInstanceOf(MigrationMismatchError);
		await expect(refusal).rejects.toThrow(
			`Migrations changed after they were applied: ${first.name}`
		);
		// Layout and comments are not the script: the CLI splits the file and drops semicolons.
		const relaid = [
			{ ...first, sql: `-- a comment\n${first.sql.replace(/\n/g, '\n\n')}` },
			...rest
		];
		expect(await migrate(db, relaid)).toEqual([]);
	});
});

describe('the server first, then the Supabase CLI', () => {
	const newDatabase = supabaseDatabases();

	it('records what it applied in the CLI history, so that db push has nothing to apply', async () => {
		const { url, db } = await newDatabase();
		expect(await migrate(db, MIGRATIONS)).toEqual(NAMES);
		expect(await cliVersions(db)).toEqual(VERSIONS);
		const run = await supabaseDbPush(url);
		expect(run, run.output).toMatchObject({ code: 0 });
		expect(run.output).toContain('Remote database is up to date');
		expect(run.output).not.toContain('Applying migration');
	});

	it('gives the CLI the history it applied before the CLI history existed', async () => {
		const { url, db } = await newDatabase();
		expect(await migrate(db, MIGRATIONS)).toEqual(NAMES);
		await db.exec('drop schema supabase_migrations cascade');
		expect(await migrate(db, MIGRATIONS)).toEqual([]);
		expect(await cliVersions(db)).toEqual(VERSIONS);
		const run = await supabaseDbPush(url);
		expect(run, run.output).toMatchObject({ code: 0 });
		expect(run.output).not.toContain('Applying migration');
	});
});
