import type { Database } from './database';

/** One SQL migration: its file name (which orders it) and its script. */
export interface Migration {
	name: string;
	sql: string;
}

const LOCK_KEY = 4_242_001;

/**
 * Applies the migrations not applied yet, in name order, in one transaction that holds an
 * advisory lock, so that two processes starting at once apply each migration once.
 * Returns the names it applied.
 */
export async function migrate(db: Database, migrations: readonly Migration[]): Promise<string[]> {
	const ordered = [...migrations].sort((a, b) => a.name.localeCompare(b.name));
	return db.transaction(async (tx) => {
		await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
		await tx.query(
			`create table if not exists outpost_schema_migrations (
				name text primary key,
				applied_at timestamptz not null default now()
			)`
		);
		const done = new Set(
			(await tx.query<{ name: string }>('select name from outpost_schema_migrations')).map(
				(row) => row.name
			)
		);
		const applied: string[] = [];
		for (const migration of ordered) {
			if (done.has(migration.name)) continue;
			await tx.exec(migration.sql);
			await tx.query('insert into outpost_schema_migrations (name) values ($1)', [migration.name]);
			applied.push(migration.name);
		}
		return applied;
	});
}
