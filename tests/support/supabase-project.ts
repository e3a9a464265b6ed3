import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { createPlainDatabase } from './create-database';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'node_modules', '.bin', 'supabase');
const BOOTSTRAP = readFileSync(
	fileURLToPath(new URL('supabase-bootstrap.sql', import.meta.url)),
	'utf8'
);

/** Serialises the bootstraps of the test run: they make and grant the same server-wide roles. */
const BOOTSTRAP_LOCK = 4_242_014;

/**
 * Creates a database on the PostgreSQL server of `adminUrl` (a superuser's) as a new Supabase
 * project's database stands before its first migration (supabase-bootstrap.sql), and returns
 * its URL as the project's own role, `project_owner`, no superuser (Supabase's `postgres`).
 */
export async function createSupabaseDatabase(adminUrl: string): Promise<string> {
	const url = await createPlainDatabase(adminUrl);
	// One connection each: the lock is the admin session's, held while the database's is set up.
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		await admin`select pg_advisory_lock(${BOOTSTRAP_LOCK})`;
		await sql.unsafe(BOOTSTRAP);
	} finally {
		await sql.end();
		await admin.end();
	}
	const owner = new URL(url);
	owner.username = 'project_owner';
	return owner.toString();
}

/** The schemas the project's Data API exposes: `[api] schemas` of supabase/config.toml. */
export function exposedSchemas(): string[] {
	const config = readFileSync(join(ROOT, 'supabase', 'config.toml'), 'utf8');
	const api = /^\[api\]$([\s\S]*?)^\[/m.exec(`${config}\n[`)?.[1] ?? '';
	const list = /^schemas\s*=\s*\[([^\]]*)\]/m.exec(api)?.[1];
	if (list === undefined) throw new Error('supabase/config.toml: no [api] schemas');
	return [...list.matchAll(/"([^"]+)"/g)].map((match) => match[1] ?? '');
}

/** What a run of the Supabase CLI printed, and its exit code. */
export interface CliRun {
	code: number;
	output: string;
}

/**
 * Runs `supabase db push --db-url <url> --include-all --yes` with the CLI from npm, on the
 * project in supabase/ (its config.toml and migrations). The test servers speak no TLS, which
 * the CLI tries first: the URL asks for none.
 */
export function supabaseDbPush(url: string, ...flags: string[]): Promise<CliRun> {
	const dbUrl = `${url}${url.includes('?') ? '&' : '?'}sslmode=disable`;
	const args = ['db', 'push', '--db-url', dbUrl, '--include-all', '--yes', '--workdir', ROOT];
	return new Promise((resolve) => {
		execFile(CLI, [...args, ...flags], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
			resolve({ code, output: `${stdout}${stderr}` });
		});
	});
}
