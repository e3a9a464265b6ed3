import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { postgresBin } from '../../../../tests/support/postgres-server';
import { createDatabase } from '../../../../tests/support/server-process';
import { applySqlFolder } from '../../../../tests/support/sql-folder';
import { migrate } from './migrate';
import { readMigrations } from './migration-files';
import { openPostgresDatabase } from './postgres-database';

const SUPABASE = fileURLToPath(new URL('../../../../supabase', import.meta.url));

/** The schema of a database as pg_dump writes it: every object, body and privilege. */
function schemaDump(url: string): string {
	return (
		execFileSync(join(postgresBin(), 'pg_dump'), ['--schema-only', '--no-owner', url])
			.toString()
			.split('\n')
			// A random key per dump (pg_dump 15.14 and later).
			.filter((line) => !/^\\(un)?restrict /.test(line))
			.join('\n')
	);
}

describe('the declared schema', () => {
	it('is exactly what the migrations make', async () => {
		const migrated = await createDatabase(inject('postgresUrl'));
		const declared = await createDatabase(inject('postgresUrl'));
		const db = openPostgresDatabase(migrated, { max: 1 });
		try {
			await migrate(db, readMigrations(join(SUPABASE, 'migrations')));
			await db.exec('drop table outpost_schema_migrations');
		} finally {
			await db.close();
		}
		await applySqlFolder(declared, join(SUPABASE, 'schemas'));
		const fromMigrations = schemaDump(migrated);
		expect(fromMigrations).toContain('CREATE FUNCTION public.outpost_push_write');
		expect(schemaDump(declared)).toBe(fromMigrations);
	});
});
