import { readConfig, type ServerConfig } from './config';
import type { Database } from './db/database';
import { bundledMigrations } from './db/bundled-migrations';
import { migrate } from './db/migrate';
import { openDatabase, withDirectDatabase } from './db/open-database';
import { loadSessionSecret } from './auth/session-secret';
import { SessionCache } from './auth/session-cache';
import { endSessionStreams } from './events/session-streams';
import type { ModelProvider } from './chat/model-provider';
import { learnDefaultModel, openModelProvider } from './chat/providers';
import { accessTokenVerifier, type AccessTokenVerifier } from './supabase/access-token';
import { authCookieName, type SupabaseConfig } from './supabase/supabase-config';

/** Supabase mode's means: the project, its token check, and the page's session cookie. */
export interface SupabaseAuth {
	config: SupabaseConfig;
	verify: AccessTokenVerifier;
	cookieName: string;
}

/**
 * What every request handler needs: settings, the database, the session key and the sessions
 * already checked, the model provider.
 */
export interface AppContext {
	config: ServerConfig;
	db: Database;
	sessionSecret: Uint8Array;
	sessions: SessionCache;
	/** Where replies come from (one per process: it keeps the provider's model list). */
	provider: ModelProvider;
	/** Set in Supabase mode: users are Supabase Auth's, and sign in through it. */
	supabase: SupabaseAuth | undefined;
}

let started: Promise<AppContext> | undefined;

async function start(): Promise<AppContext> {
	const config = readConfig();
	const sessionSecret = loadSessionSecret(config.sessionSecret, config.dataDir);
	const db = await openDatabase(config);
	try {
		await withDirectDatabase(config, db, (direct) => migrate(direct, bundledMigrations));
	} catch (error) {
		await db.close();
		throw error;
	}
	const sessions = new SessionCache();
	// A sign-out on any instance ends the session's live streams on this one at once.
	sessions.onEnded((sessionId) => endSessionStreams(sessionId));
	try {
		await sessions.watch(db);
	} catch (error) {
		// Without it every request reads its session's row, as it would without a cache.
		console.error(
			'Outpost: not listening for sign-outs; sessions are read on every request',
			error
		);
	}
	const provider = openModelProvider(config);
	await learnDefaultModel(provider);
	const supabase = config.supabase && {
		config: config.supabase,
		verify: accessTokenVerifier(config.supabase),
		cookieName: authCookieName(config.supabase.url)
	};
	return { config, db, sessionSecret, sessions, provider, supabase };
}

/** The process's context, opened (and the migrations applied) on first use. */
export function appContext(): Promise<AppContext> {
	started ??= start().catch((error: unknown) => {
		started = undefined;
		throw error;
	});
	return started;
}
