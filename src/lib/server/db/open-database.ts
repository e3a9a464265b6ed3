import type { ServerConfig } from '../config';
import type { Database } from './database';
import { openPgliteDatabase } from './pglite-database';
import { openPostgresDatabase } from './postgres-database';

/** Opens the database a configuration names: PostgreSQL at DATABASE_URL, else the embedded PGlite. */
export async function openDatabase(config: ServerConfig): Promise<Database> {
	return config.databaseUrl
		? openPostgresDatabase(config.databaseUrl, { max: config.databasePoolSize })
		: openPgliteDatabase(config.dataDir);
}
