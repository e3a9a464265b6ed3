import { readConfig, type ServerConfig } from './config';
import type { Database } from './db/database';
import { bundledMigrations } from './db/bundled-migrations';
import { migrate } from './db/migrate';
import { openDatabase } from './db/open-database';
import { loadSessionSecret } from './auth/session-secret';

/** What every request handler needs: settings, the database and the session key. */
export interface AppContext {
	config: ServerConfig;
	db: Database;
	sessionSecret: Uint8Array;
}

let started: Promise<AppContext> | undefined;

async function start(): Promise<AppContext> {
	const config = readConfig();
	const sessionSecret = loadSessionSecret(config.sessionSecret, config.dataDir);
	const db = await openDatabase(config);
	try {
		await migrate(db, bundledMigrations);
	} catch (error) {
		await db.close();
		throw error;
	}
	return { config, db, sessionSecret };
}

/** The process's context, opened (and the migrations applied) on first use. */
export function appContext(): Promise<AppContext> {
	started ??= start().catch((error: unknown) => {
		started = undefined;
		throw error;
	});
	return started;
}
