import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { inject } from 'vitest';
import type { Database } from '../../src/lib/server/db/database';
import { migrate } from '../../src/lib/server/db/migrate';
import { readMigrations } from '../../src/lib/server/db/migration-files';
import { openPgliteDatabase } from '../../src/lib/server/db/pglite-database';
import { openPostgresDatabase } from '../../src/lib/server/db/postgres-database';
import { changeNoticesSent } from '../../src/lib/server/events/change-notices';
import { throughPooler } from './pgbouncer';
import { newPgliteDataDir } from './pglite-template';

/**
 * The backends every database test runs against: PGlite, PostgreSQL, and PostgreSQL through
 * PgBouncer in transaction mode (as the server runs with DATABASE_DIRECT_URL beside it).
 */
export const BACKENDS = ['pglite', 'postgres', 'pgbouncer'] as const;
export type Backend = (typeof BACKENDS)[number];

const MIGRATIONS = readMigrations(
	fileURLToPath(new URL('../../supabase/migrations', import.meta.url))
);

/** A fresh, migrated database of one backend, and how to drop it. */
export interface TestDatabase {
	db: Database;
	/**
	 * Connection string (not for PGlite), for a second pool or a server process: through
	 * PgBouncer for 'pgbouncer'.
	 */
	url: string | undefined;
	/** The direct connection string beside a PgBouncer one (DATABASE_DIRECT_URL). */
	directUrl: string | undefined;
	/** Opens another pool on the same database (Postgres), or returns the same one (PGlite). */
	connect(): Database;
	close(): Promise<void>;
}

/** Creates an empty database of the given backend with every migration applied. */
export async function freshDatabase(backend: Backend): Promise<TestDatabase> {
	if (backend === 'pglite') {
		// On disk, from a copy of a new database: a new one in memory costs PGlite's initdb.
		const dataDir = await newPgliteDataDir(mkdtempSync(join(tmpdir(), 'outpost-test-db-')));
		const db = await openPgliteDatabase(dataDir);
		await migrate(db, MIGRATIONS);
		return {
			db,
			url: undefined,
			directUrl: undefined,
			connect: () => db,
			async close() {
				await changeNoticesSent(db);
				await db.close();
				rmSync(dataDir, { recursive: true, force: true });
			}
		};
	}
	const adminUrl = inject('postgresUrl');
	const name = `outpost_test_${randomBytes(6).toString('hex')}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	const directUrl = adminUrl.replace(/\/postgres$/, `/${name}`);
	// The server applies the migrations over the direct connection too.
	const migrator = openPostgresDatabase(directUrl, { max: 1 });
	await migrate(migrator, MIGRATIONS).finally(() => migrator.close());
	const pooled = backend === 'pgbouncer';
	const url = pooled ? throughPooler(directUrl, inject('pgbouncerUrl')) : directUrl;
	const open = () => openPostgresDatabase(url, { max: 10, ...(pooled ? { directUrl } : {}) });
	const db = open();
	const extra: Database[] = [];
	return {
		db,
		url,
		directUrl: pooled ? directUrl : undefined,
		connect() {
			const other = open();
			extra.push(other);
			return other;
		},
		async close() {
			const all = [db, ...extra];
			await Promise.all(all.map((d) => changeNoticesSent(d)));
			await Promise.all(all.map((d) => d.close()));
		}
	};
}
