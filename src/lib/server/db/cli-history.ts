import type { Queryable } from './database';

// The Supabase CLI (`supabase db push`) keeps its own migration history: one row per
// migration in `supabase_migrations.schema_migrations`, keyed on the timestamp that starts the
// file's name (`version`), with the file's `name` after it and the `statements` it ran (the
// script split at each semicolon, without the semicolons). The server and the CLI keep one
// history between them: each counts what the other applied as applied (migrate.ts).

/** The CLI's history table, in the shape CLI 2.117 makes it (newer ones add columns). */
const CREATE_HISTORY = `
	create schema if not exists supabase_migrations;
	create table if not exists supabase_migrations.schema_migrations (
		version text not null primary key,
		statements text[],
		name text
	)`;

/** A migration the CLI applied: its version, and the script it ran as the server compares it. */
export interface CliMigration {
	version: string;
	script: string;
}

/** `20261130200000` of `20261130200000_baseline.sql`: the CLI's version of a migration file. */
export function migrationVersion(name: string): string {
	return name.split('_', 1)[0] ?? name;
}

/**
 * A script as the CLI's history and a migration file can both be compared: without comments,
 * whitespace and semicolons, which the CLI drops or moves when it splits a file into statements.
 */
export function comparableScript(sql: string): string {
	return sql.replace(/--[^\n]*/g, '').replace(/[\s;]+/g, '');
}

/**
 * The CLI's history of the database, or undefined when it keeps none and is not a Supabase
 * project's database (no `auth.users`, which Supabase Auth makes): the embedded database and
 * plain PostgreSQL. A Supabase database whose CLI history does not exist yet gets the CLI's
 * table now, so that a later `supabase db push` finds what the server applied.
 */
export async function openCliHistory(tx: Queryable): Promise<CliMigration[] | undefined> {
	const [found] = await tx.query<{ history: boolean; supabase: boolean }>(
		`select to_regnamespace('supabase_migrations') is not null as history,
			to_regclass('auth.users') is not null as supabase`
	);
	if (!found?.history && !found?.supabase) return undefined;
	await tx.exec(CREATE_HISTORY);
	const rows = await tx.query<{ version: string; statements: string[] | null }>(
		'select version, statements from supabase_migrations.schema_migrations'
	);
	return rows.map((row) => ({
		version: row.version,
		script: comparableScript((row.statements ?? []).join('\n'))
	}));
}

/** Records in the CLI's history a migration the server applied, its script as one statement. */
export async function recordInCliHistory(
	tx: Queryable,
	migration: { name: string; sql: string }
): Promise<void> {
	const version = migrationVersion(migration.name);
	await tx.query(
		`insert into supabase_migrations.schema_migrations (version, name, statements)
			values ($1, $2, array[$3::text])`,
		[version, migration.name.slice(version.length + 1).replace(/\.sql$/, ''), migration.sql]
	);
}
