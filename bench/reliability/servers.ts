import {
	newSessionSecret,
	startServerOn,
	type ServerBackend,
	type ServerOptions,
	type ServerProcess
} from '../../tests/support/server-process';

/** The production defaults of the limits the abuse runs attack, passed explicitly. */
export const PRODUCTION_LIMITS = {
	CHAT_RATE_LIMIT: '20',
	CHAT_CONCURRENT_LIMIT: '2',
	LOGIN_RATE_LIMIT: '10',
	SIGNUP_RATE_LIMIT: '10',
	SYNC_RATE_LIMIT: '600'
} as const;

/** How the benchmark names a backend. */
export const backendName = (backend: ServerBackend) =>
	backend === 'postgres' ? 'PostgreSQL' : 'PGlite';

/**
 * Starts the production build as `node build` (adapter-node's own defaults, its body limit
 * included) on a fresh database of `backend`, with `env` on top of the test defaults.
 */
export function startBuild(
	backend: ServerBackend,
	postgresUrl: string,
	env: Record<string, string> = {},
	options: Omit<ServerOptions, 'databaseUrl' | 'env' | 'launcher'> = {}
): Promise<ServerProcess> {
	return startServerOn(backend, postgresUrl, {
		sessionSecret: newSessionSecret(),
		startTimeoutMs: 120_000,
		...options,
		launcher: 'node-build',
		env
	});
}

/** Whether a process is still running. */
export function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
