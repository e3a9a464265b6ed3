import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

/** A throwaway PostgreSQL server for tests and benchmarks. */
export interface PostgresServer {
	/** Connection string of the `postgres` database as the `postgres` superuser. */
	url: string;
	port: number;
	/**
	 * Stops the server at once (as a crash would: every connection is cut), keeps it down for
	 * `downForMs`, then starts it again on the same port with the same data.
	 */
	restart(downForMs?: number): Promise<void>;
	stop(): void;
}

/** Folder of the PostgreSQL 15 binaries (PG_BIN, else Debian's). */
export function postgresBin(): string {
	const bin = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
	if (!existsSync(join(bin, 'initdb'))) {
		throw new Error(
			`PostgreSQL not found in ${bin}: apt-get install -y postgresql-15, or set PG_BIN`
		);
	}
	return bin;
}

/**
 * Starts a fresh PostgreSQL server in a temporary folder. PostgreSQL refuses to run as root,
 * so as root it runs as `nobody`.
 */
export async function startPostgres(
	options: { settings?: Record<string, string> } = {}
): Promise<PostgresServer> {
	const bin = postgresBin();
	const dir = mkdtempSync(join(tmpdir(), 'outpost-pg-'));
	const isRoot = process.getuid?.() === 0;
	const asOwner = (command: string, args: string[]) =>
		isRoot
			? (['runuser', ['-u', 'nobody', '--', command, ...args]] as const)
			: ([command, args] as const);
	if (isRoot) {
		const nobody = Number(execFileSync('id', ['-u', 'nobody']).toString().trim());
		const group = Number(execFileSync('id', ['-g', 'nobody']).toString().trim());
		chownSync(dir, nobody, group);
	}
	chmodSync(dir, 0o700);
	const run = (command: string, args: string[]) => {
		const [cmd, argv] = asOwner(command, args);
		const result = spawnSync(cmd, [...argv], { encoding: 'utf8' });
		if (result.status !== 0)
			throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
	};
	const data = join(dir, 'data');
	run(join(bin, 'initdb'), [
		'-D',
		data,
		'-U',
		'postgres',
		'--auth=trust',
		'-E',
		'UTF8',
		'--no-locale'
	]);
	const port = await freePort();
	const settings = Object.entries({
		listen_addresses: '127.0.0.1',
		max_connections: '100',
		...options.settings
	})
		.map(([key, value]) => `-c ${key}=${value}`)
		.join(' ');
	const start = () =>
		run(join(bin, 'pg_ctl'), [
			'-D',
			data,
			'-w',
			'-l',
			join(dir, 'log'),
			'-o',
			`-p ${port} -k ${dir} ${settings}`,
			'start'
		]);
	start();
	return {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		port,
		async restart(downForMs = 0) {
			run(join(bin, 'pg_ctl'), ['-D', data, '-w', '-m', 'immediate', 'stop']);
			await new Promise((resolve) => setTimeout(resolve, downForMs));
			start();
		},
		stop() {
			try {
				run(join(bin, 'pg_ctl'), ['-D', data, '-w', '-m', 'immediate', 'stop']);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		}
	};
}
