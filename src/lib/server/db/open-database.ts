import type { ServerConfig } from '../config';
import type { Database } from './database';
import { openPgliteDatabase } from './pglite-database';
import { openPostgresDatabase } from './postgres-database';

/**
 * Opens the database a configuration names: PostgreSQL at DATABASE_URL (through a pooler when
 * DATABASE_DIRECT_URL is set beside it), else the embedded PGlite.
 */
export async function openDatabase(config: ServerConfig): Promise<Database> {
	if (!config.databaseUrl) return openPgliteDatabase(config.dataDir);
	return openPostgresDatabase(config.databaseUrl, {
		max: config.databasePoolSize,
		...(config.databaseDirectUrl ? { directUrl: config.databaseDirectUrl } : {})
	});
}

/**
 * Runs `work` (the migrations) on a database whose connection is its own from start to end, as
 * a script that sets something for its session needs: one connection at DATABASE_DIRECT_URL
 * when DATABASE_URL is a pooler (closed afterwards), else `db`, the database `config` opened.
 */
export async function withDirectDatabase<T>(
	config: ServerConfig,
	db: Database,
	work: (direct: Database) => Promise<T>
): Promise<T> {
	if (!config.databaseUrl || !config.databaseDirectUrl) return work(db);
	const direct = openPostgresDatabase(config.databaseDirectUrl, { max: 1 });
	try {
		return await work(direct);
	} finally {
		await direct.close();
	}
}
