import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { describe, expect, inject, it } from 'vitest';
import { postgresBin } from '../../../../tests/support/postgres-server';
import { migrate } from './migrate';
import { readMigrations } from './migration-files';
import { openPostgresDatabase } from './postgres-database';

const SUPABASE = fileURLToPath(new URL('../../../../supabase', import.meta.url));

/** A new database on the test server: its connection string and how to drop it. */
async function newDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
	const serverUrl = inject('postgresUrl');
	const name = `outpost_schema_${randomBytes(6).toString('hex')}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	return {
		url: serverUrl.replace(/\/postgres$/, `/${name}`),
		async drop() {
			const again = postgres(serverUrl, { max: 1, onnotice: () => {} });
			await again.unsafe(`drop database ${name} with (force)`);
			await again.end();
		}
	};
}

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
		const migrated = await newDatabase();
		const declared = await newDatabase();
		try {
			const db = openPostgresDatabase(migrated.url, { max: 1 });
			try {
				await migrate(db, readMigrations(join(SUPABASE, 'migrations')));
				await db.exec('drop table outpost_schema_migrations');
			} finally {
				await db.close();
			}
			const sql = postgres(declared.url, { max: 1, onnotice: () => {} });
			try {
				const dir = join(SUPABASE, 'schemas');
				const files = readdirSync(dir).filter((name) => name.endsWith('.sql'));
				expect(files.length).toBeGreaterThan(0);
				for (const file of files.sort()) await sql.unsafe(readFileSync(join(dir, file), 'utf8'));
			} finally {
				await sql.end();
			}
			const fromMigrations = schemaDump(migrated.url);
			expect(fromMigrations).toContain('CREATE FUNCTION public.outpost_push_write');
			expect(schemaDump(declared.url)).toBe(fromMigrations);
		} finally {
			await migrated.drop();
			await declared.drop();
		}
	});
});
