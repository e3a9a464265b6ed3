import { createHash } from 'node:crypto';
import {
	comparableScript,
	migrationVersion,
	openCliHistory,
	recordInCliHistory,
	type CliMigration
} from './cli-history';
import type { Database, Queryable } from './database';

/** One SQL migration: its file name (which orders it) and its script. */
export interface Migration {
	name: string;
	sql: string;
}

const LOCK_KEY = 4_242_001;

/** The checksum of a migration's script (line endings as LF, so that a checkout's do not count). */
export function migrationChecksum(sql: string): string {
	return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** A database whose applied migrations do not match this build's: it cannot start on it. */
export class MigrationMismatchError extends Error {
	override name = 'MigrationMismatchError';
}

/**
 * Applies the migrations not applied yet, in name order, in one transaction that holds an
 * advisory lock, so that two processes starting at once apply each migration once. Each applied
 * migration is recorded with the checksum of its script, and start-up is refused (with a
 * MigrationMismatchError) when:
 * - an applied migration's script has changed since (a migration that has landed is never
 *   edited: the database would keep the old definitions while the files say otherwise);
 * - the database holds migrations from before this build's first one (a history squashed into
 *   a baseline).
 * Migrations applied by a newer build (after this build's last) are left alone.
 *
 * On a Supabase project's database the Supabase CLI's history (`supabase db push`, see
 * cli-history.ts) is the same history: a migration the CLI applied counts as applied, and each
 * one the server applies is recorded there too, so that the CLI then finds nothing to push.
 * Returns the names it applied.
 */
export async function migrate(db: Database, migrations: readonly Migration[]): Promise<string[]> {
	const ordered = [...migrations].sort((a, b) => a.name.localeCompare(b.name));
	return db.transaction(async (tx) => {
		await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
		await tx.query(
			`create table if not exists outpost_schema_migrations (
				name text primary key,
				applied_at timestamptz not null default now(),
				checksum text
			)`
		);
		// Only the server reads it: nothing for the roles of a Supabase project's Data API.
		await tx.query('alter table outpost_schema_migrations enable row level security');
		const rows = await tx.query<{ name: string; checksum: string | null }>(
			'select name, checksum from outpost_schema_migrations'
		);
		const done = new Map(rows.map((row) => [row.name, row.checksum]));
		const cli = await openCliHistory(tx);
		if (cli) await adoptCliHistory(tx, ordered, done, cli);
		checkHistory(ordered, done);
		const applied: string[] = [];
		for (const migration of ordered) {
			if (done.has(migration.name)) continue;
			await tx.exec(migration.sql);
			await recordApplied(tx, migration);
			if (cli) await recordInCliHistory(tx, migration);
			applied.push(migration.name);
		}
		return applied;
	});
}

/** Records `migration` as applied in the server's history; returns its checksum. */
async function recordApplied(tx: Queryable, migration: Migration): Promise<string> {
	const checksum = migrationChecksum(migration.sql);
	await tx.query('insert into outpost_schema_migrations (name, checksum) values ($1, $2)', [
		migration.name,
		checksum
	]);
	return checksum;
}

/**
 * Makes the server's history and the Supabase CLI's one: adds to `done` (and to the server's
 * table) the migrations the CLI applied that the server has not recorded, and to the CLI's
 * history those the server applied alone. The CLI keeps the statements it ran, not the file,
 * so no checksum of the file can be had from it: the file counts as the one applied when its
 * script is the CLI's (comparableScript), and its checksum is recorded from then on; otherwise
 * the migration changed after it was applied. A CLI version of no file of this build stays in
 * `done` under its version, for checkHistory to judge as it judges the server's own.
 */
async function adoptCliHistory(
	tx: Queryable,
	ordered: readonly Migration[],
	done: Map<string, string | null>,
	cli: readonly CliMigration[]
) {
	const applied = new Map(cli.map((row) => [row.version, row.script]));
	const changed: string[] = [];
	for (const migration of ordered) {
		const script = applied.get(migrationVersion(migration.name));
		applied.delete(migrationVersion(migration.name));
		// Applied by the server before the CLI's history existed: the CLI must not push it again.
		if (script === undefined && done.has(migration.name)) await recordInCliHistory(tx, migration);
		if (script === undefined || done.has(migration.name)) continue;
		if (script !== comparableScript(migration.sql)) {
			changed.push(migration.name);
			continue;
		}
		done.set(migration.name, await recordApplied(tx, migration));
	}
	if (changed.length > 0) throw changedError(changed);
	for (const version of applied.keys()) if (!done.has(version)) done.set(version, null);
}

/** Throws MigrationMismatchError when the applied migrations `done` do not fit `ordered`. */
function checkHistory(ordered: readonly Migration[], done: ReadonlyMap<string, string | null>) {
	const first = ordered[0]?.name;
	const older = [...done.keys()].filter((name) => first !== undefined && name < first).sort();
	if (older.length > 0) {
		throw new MigrationMismatchError(
			`The database holds migrations from before ${first}, which replaced them (${older.join(', ')}). ` +
				'Start on an empty database (a new DATA_DIR, or a new PostgreSQL database).'
		);
	}
	const changed = ordered.filter((m) => {
		const checksum = done.get(m.name);
		return typeof checksum === 'string' && checksum !== migrationChecksum(m.sql);
	});
	if (changed.length > 0) throw changedError(changed.map((m) => m.name));
}

function changedError(names: readonly string[]): MigrationMismatchError {
	return new MigrationMismatchError(
		`Migrations changed after they were applied: ${names.join(', ')}. ` +
			'A migration that has landed is never edited: put the change in a new one.'
	);
}
