import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPlainDatabase } from './create-database';
import { freePort } from './free-port';
import { throughPooler } from './pgbouncer';
import { newPgliteDataDir } from './pglite-template';
import { supabaseEnv } from './supabase/fake-auth';
import { standIn, SUPABASE_RUN } from './test-auth';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = join(ROOT, 'build', 'index.js');

/** A session secret long enough for SESSION_SECRET (≥ 32 characters), new on every call. */
export const newSessionSecret = () => randomBytes(32).toString('base64url');

/** How to start the built server. */
export interface ServerOptions {
	/** PostgreSQL connection string; without it the server uses PGlite in its DATA_DIR. */
	databaseUrl?: string;
	/** DATABASE_DIRECT_URL, beside a `databaseUrl` that goes through a pooler. */
	databaseDirectUrl?: string;
	/**
	 * DATA_DIR; when absent, a new temporary folder (removed on stop) holding a new PGlite
	 * database (pglite-template.ts) unless `databaseUrl` is given.
	 */
	dataDir?: string;
	/** SESSION_SECRET; servers that share sessions need the same one. */
	sessionSecret?: string;
	/** SYNC_RATE_LIMIT; `0` (off) unless given. */
	syncRateLimit?: number;
	/** Any other environment variables. */
	env?: Record<string, string>;
	/** How long to wait for `GET /api/health` to answer 200. */
	startTimeoutMs?: number;
	/**
	 * How to start it: `node scripts/start.js` (the default), `node build` (adapter-node's own
	 * start, without the start script's defaults) or `npm start` (without its build step).
	 */
	launcher?: 'start-script' | 'node-build' | 'npm-start';
	/**
	 * Another build folder to run with `node <folder>` (launcher `node-build`), such as a copy
	 * of `build/` changed as a new version would be; it must sit inside the project, where
	 * Node finds the project's packages.
	 */
	buildDir?: string;
	/** Port on 127.0.0.1 (default: a free one): a restart on the same origin. */
	port?: number;
}

const LAUNCHERS = {
	'start-script': [process.execPath, [join(ROOT, 'scripts', 'start.js')]],
	'node-build': [process.execPath, [join(ROOT, 'build')]],
	'npm-start': ['npm', ['start', '--ignore-scripts']]
} as const satisfies Record<string, readonly [string, readonly string[]]>;

/** A running server process (`node scripts/start.js` unless its options say otherwise). */
export interface ServerProcess {
	/** `http://127.0.0.1:<port>`, no trailing slash. */
	readonly url: string;
	readonly pid: number;
	/** Its stdout and stderr so far, for failure messages. */
	output(): string;
	/** Stops it (SIGTERM, SIGKILL after a grace period) and waits for it to exit. Idempotent. */
	stop(): Promise<void>;
	/** Sends it `signal` (SIGKILL after a grace period) and waits for it to exit. */
	signal(signal: NodeJS.Signals): Promise<void>;
}

const live = new Set<ChildProcess>();
// A test run that ends without stopping its servers (a crash, a timeout) still leaves none behind.
process.once('exit', () => {
	for (const child of live) child.kill('SIGKILL');
});

function exited(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopChild(
	child: ChildProcess,
	signal: NodeJS.Signals = 'SIGTERM',
	graceMs = 5000
): Promise<void> {
	const exit = exited(child);
	if (child.exitCode === null && child.signalCode === null) {
		child.kill(signal);
		const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
		await exit;
		clearTimeout(timer);
	}
	live.delete(child);
}

async function healthy(url: string): Promise<boolean> {
	try {
		const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
		await response.arrayBuffer();
		return response.status === 200;
	} catch {
		return false;
	}
}

async function spawnOnce(options: ServerOptions, dataDir: string): Promise<ServerProcess> {
	const port = options.port ?? (await freePort());
	const url = `http://127.0.0.1:${port}`;
	const env: Record<string, string> = {
		PATH: process.env.PATH ?? '/usr/bin:/bin',
		HOME: process.env.HOME ?? tmpdir(),
		NODE_ENV: 'production',
		HOST: '127.0.0.1',
		PORT: String(port),
		// A correctly configured deployment: the public origin is the one the tests call.
		ORIGIN: url,
		DATA_DIR: dataDir,
		SYNC_RATE_LIMIT: String(options.syncRateLimit ?? 0),
		// Tests sign up, sign in and chat from one address far more often than a person does.
		CHAT_RATE_LIMIT: '0',
		LOGIN_RATE_LIMIT: '0',
		SIGNUP_RATE_LIMIT: '0',
		SHUTDOWN_TIMEOUT: '2',
		...(options.databaseUrl !== undefined ? { DATABASE_URL: options.databaseUrl } : {}),
		...(options.databaseDirectUrl !== undefined
			? { DATABASE_DIRECT_URL: options.databaseDirectUrl }
			: {}),
		...(options.sessionSecret !== undefined ? { SESSION_SECRET: options.sessionSecret } : {}),
		...(SUPABASE_RUN ? supabaseEnv(standIn()) : {}),
		...options.env
	};
	const [command, args] =
		options.buildDir === undefined
			? LAUNCHERS[options.launcher ?? 'start-script']
			: ([process.execPath, [options.buildDir]] as const);
	const child = spawn(command, args, {
		cwd: ROOT,
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	live.add(child);
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const server: ServerProcess = {
		url,
		pid: child.pid ?? -1,
		output: () => output,
		stop: () => stopChild(child),
		signal: (signal) => stopChild(child, signal)
	};
	const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
	while (!(await healthy(url))) {
		if (child.exitCode !== null || child.signalCode !== null) {
			live.delete(child);
			throw new StartError(
				`the server exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${output}`,
				output
			);
		}
		if (Date.now() > deadline) {
			await stopChild(child);
			throw new StartError(
				`the server was not healthy after ${options.startTimeoutMs ?? 60_000} ms:\n${output}`,
				output
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return server;
}

class StartError extends Error {
	override name = 'StartError';
	constructor(
		message: string,
		readonly output: string
	) {
		super(message);
	}
}

/**
 * Starts the built server (`build/` from `npm run build`) with `scripts/start.js` (or the
 * launcher `options` name) on a free port of 127.0.0.1 and resolves once `GET /api/health`
 * answers 200. Rejects with the server's
 * output when it exits or stays unhealthy.
 *
 * The process gets a small environment of its own, not the test runner's: PATH, HOME,
 * NODE_ENV=production, HOST, PORT, ORIGIN (its own URL, as a deployment sets it), DATA_DIR,
 * SYNC_RATE_LIMIT (0 unless given), CHAT_RATE_LIMIT, LOGIN_RATE_LIMIT and SIGNUP_RATE_LIMIT
 * (0), SHUTDOWN_TIMEOUT=2, then `options` (its `env` may set those limits again).
 */
export async function startServer(options: ServerOptions = {}): Promise<ServerProcess> {
	if (!existsSync(ENTRY)) {
		throw new Error(
			`${ENTRY} is missing: run \`npm run build\` before these tests (npm test does).`
		);
	}
	const ownDir =
		options.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'outpost-server-')) : undefined;
	// A folder of its own on PGlite starts from a copy of a new database (pglite-template.ts).
	if (ownDir !== undefined && options.databaseUrl === undefined) await newPgliteDataDir(ownDir);
	const dataDir = options.dataDir ?? ownDir ?? '';
	const removeOwnDir = () => {
		if (ownDir) rmSync(ownDir, { recursive: true, force: true });
	};
	for (let attempt = 0; ; attempt++) {
		try {
			const server = await spawnOnce(options, dataDir);
			return {
				...server,
				async stop() {
					await server.stop();
					removeOwnDir();
				},
				async signal(signal) {
					await server.signal(signal);
					removeOwnDir();
				}
			};
		} catch (error) {
			// The free port may have been taken between finding it and listening on it.
			if (error instanceof StartError && error.output.includes('EADDRINUSE') && attempt < 3)
				continue;
			removeOwnDir();
			throw error;
		}
	}
}

/**
 * The backends a server process can run on: PGlite, PostgreSQL, or PostgreSQL through a
 * PgBouncer in transaction mode (DATABASE_URL) with DATABASE_DIRECT_URL beside it.
 */
export type ServerBackend = 'pglite' | 'postgres' | 'pgbouncer';

/** Where the PostgreSQL backends are: the server, and the PgBouncer in front of it. */
export interface PostgresUrls {
	postgresUrl: string;
	/** Needed for the backend 'pgbouncer' only. */
	pgbouncerUrl?: string;
}

/**
 * The database options of a server on a fresh database of `backend`: none for PGlite (its
 * DATA_DIR), else a new database created on the PostgreSQL server of `urls.postgresUrl`.
 */
export async function serverDatabase(
	backend: ServerBackend,
	urls: PostgresUrls
): Promise<Pick<ServerOptions, 'databaseUrl' | 'databaseDirectUrl'>> {
	if (backend === 'pglite') return {};
	const databaseUrl = await createDatabase(urls.postgresUrl);
	if (backend === 'postgres') return { databaseUrl };
	if (!urls.pgbouncerUrl) throw new Error('a server through PgBouncer needs its URL');
	return {
		databaseUrl: throughPooler(databaseUrl, urls.pgbouncerUrl),
		databaseDirectUrl: databaseUrl
	};
}

/**
 * Starts a server on a fresh database of `backend`: PGlite in a new DATA_DIR, or a new
 * database created on the PostgreSQL server of `postgresUrl` (or `urls.postgresUrl`).
 */
export async function startServerOn(
	backend: ServerBackend,
	urls: string | PostgresUrls,
	options: Omit<ServerOptions, 'databaseUrl' | 'databaseDirectUrl'> = {}
): Promise<ServerProcess> {
	const database = await serverDatabase(
		backend,
		typeof urls === 'string' ? { postgresUrl: urls } : urls
	);
	return startServer({ ...options, ...database });
}

/**
 * Creates an empty database on the PostgreSQL server of `adminUrl` and returns its URL; in the
 * Supabase-mode run, a Supabase project's database that the Supabase CLI migrated.
 */
export async function createDatabase(adminUrl: string): Promise<string> {
	if (!SUPABASE_RUN) return createPlainDatabase(adminUrl);
	const { createSupabaseDatabase, supabaseDbPush } = await import('./supabase-project');
	const url = await createSupabaseDatabase(adminUrl);
	const run = await supabaseDbPush(url);
	if (run.code !== 0) throw new Error(`supabase db push failed:\n${run.output}`);
	return url;
}
