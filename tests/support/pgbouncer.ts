import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { freePort, isListening } from './free-port';

/** A throwaway PgBouncer in transaction mode in front of one PostgreSQL server. */
export interface PgBouncer {
	/** Connection string of the `postgres` database through PgBouncer. */
	url: string;
	port: number;
	stop(): Promise<void>;
}

/**
 * `directUrl`, a database on the PostgreSQL server behind the PgBouncer at `poolerUrl`, as
 * reached through that PgBouncer.
 */
export function throughPooler(directUrl: string, poolerUrl: string): string {
	const url = new URL(directUrl);
	url.host = new URL(poolerUrl).host;
	return url.toString();
}

/** The PgBouncer binary (PGBOUNCER, else Debian's). */
export function pgbouncerBin(): string {
	const bin = process.env.PGBOUNCER ?? '/usr/sbin/pgbouncer';
	if (!existsSync(bin)) {
		throw new Error(
			`PgBouncer not found at ${bin}: apt-get install -y pgbouncer, or set PGBOUNCER`
		);
	}
	return bin;
}

/**
 * The configuration: every database name of the PostgreSQL server at `postgresPort`, as the
 * `postgres` superuser whoever the client says it is (`auth_type = any`, the test server trusts
 * everyone), one server connection per transaction (`pool_mode = transaction`), as Supavisor's
 * port 6543 does. PgBouncer 1.18 (Debian 12) does not know `max_prepared_statements`: it keeps
 * no prepared statement across transactions, the case the server must work in.
 */
function config(port: number, postgresPort: number): string {
	return `[databases]
* = host=127.0.0.1 port=${postgresPort} user=postgres

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = any
; Its console (database \`pgbouncer\`) for replaceServerConnections.
admin_users = postgres
pool_mode = transaction
max_client_conn = 2000
default_pool_size = 10
; Each test makes its own database, hence its own pool: their idle server connections would
; otherwise fill PostgreSQL's max_connections.
server_idle_timeout = 5
autodb_idle_timeout = 30
; JDBC and psycopg clients send it; postgres.js sends only what PgBouncer tracks itself.
ignore_startup_parameters = extra_float_digits
log_connections = 0
log_disconnections = 0
`;
}

/**
 * Has the PgBouncer at `poolerUrl` replace every server connection it holds to the database
 * of `url` (its console's RECONNECT, as when a pooler recycles them), and resolves once the
 * idle ones are closed: the next transactions run on server connections that have seen
 * nothing of their client.
 */
export async function replaceServerConnections(poolerUrl: string, url: string): Promise<void> {
	const database = new URL(url).pathname.slice(1);
	const consoleUrl = new URL(poolerUrl);
	consoleUrl.pathname = '/pgbouncer';
	// The console answers the simple protocol only: no type lookup, no parameters.
	const admin = postgres(consoleUrl.toString(), { max: 1, fetch_types: false, onnotice: () => {} });
	try {
		await admin.unsafe(`reconnect ${database}`);
	} finally {
		await admin.end();
	}
}

function exited(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts PgBouncer (its own process, not Debian's service) in front of the PostgreSQL server
 * listening on `postgresPort` of 127.0.0.1, and resolves once it accepts connections.
 * PgBouncer refuses to run as root, so as root it runs as `nobody`.
 */
export async function startPgBouncer(postgresPort: number): Promise<PgBouncer> {
	const bin = pgbouncerBin();
	const dir = mkdtempSync(join(tmpdir(), 'outpost-pgbouncer-'));
	const isRoot = process.getuid?.() === 0;
	const owner = isRoot
		? {
				uid: Number(execFileSync('id', ['-u', 'nobody']).toString().trim()),
				gid: Number(execFileSync('id', ['-g', 'nobody']).toString().trim())
			}
		: {};
	if (owner.uid !== undefined) chownSync(dir, owner.uid, owner.gid);
	const port = await freePort();
	const ini = join(dir, 'pgbouncer.ini');
	writeFileSync(ini, config(port, postgresPort));
	const child = spawn(bin, [ini], { ...owner, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	// A run that ends without stopping it (a crash) leaves no PgBouncer behind.
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);
	const stop = async () => {
		process.off('exit', killOnExit);
		const exit = exited(child);
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		await exit;
		rmSync(dir, { recursive: true, force: true });
	};
	const deadline = Date.now() + 10_000;
	while (!(await isListening(port))) {
		if (child.exitCode !== null || Date.now() > deadline) {
			await stop();
			throw new Error(`PgBouncer did not start:\n${output}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, stop };
}
