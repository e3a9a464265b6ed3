import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { inject } from 'vitest';
import type { Database } from '../../src/lib/server/db/database';
import { migrate } from '../../src/lib/server/db/migrate';
import { readMigrations } from '../../src/lib/server/db/migration-files';
import { openPgliteDatabase } from '../../src/lib/server/db/pglite-database';
import { openPostgresDatabase } from '../../src/lib/server/db/postgres-database';

/** The backends every database test runs against. */
export const BACKENDS = ['pglite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

const MIGRATIONS = readMigrations(
	fileURLToPath(new URL('../../supabase/migrations', import.meta.url))
);

/** A fresh, migrated database of one backend, and how to drop it. */
export interface TestDatabase {
	db: Database;
	/** Connection string (Postgres only), for a second pool or a server process. */
	url: string | undefined;
	/** Opens another pool on the same database (Postgres), or returns the same one (PGlite). */
	connect(): Database;
	close(): Promise<void>;
}

/** Creates an empty database of the given backend with every migration applied. */
export async function freshDatabase(backend: Backend): Promise<TestDatabase> {
	if (backend === 'pglite') {
		const db = await openPgliteDatabase();
		await migrate(db, MIGRATIONS);
		return { db, url: undefined, connect: () => db, close: () => db.close() };
	}
	const adminUrl = inject('postgresUrl');
	const name = `outpost_test_${randomBytes(6).toString('hex')}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	const url = adminUrl.replace(/\/postgres$/, `/${name}`);
	const db = openPostgresDatabase(url, { max: 10 });
	await migrate(db, MIGRATIONS);
	const extra: Database[] = [];
	return {
		db,
		url,
		connect() {
			const other = openPostgresDatabase(url, { max: 10 });
			extra.push(other);
			return other;
		},
		async close() {
			await Promise.all([db.close(), ...extra.map((d) => d.close())]);
		}
	};
}
