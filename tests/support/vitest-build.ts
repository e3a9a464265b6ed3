import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What the server build is made from (tests excluded: they are not in it). */
const SOURCES = [
	'src',
	'service-worker',
	'static',
	'supabase/migrations',
	'svelte.config.js',
	'vite.config.ts',
	'package-lock.json'
];

/** The newest modification time (ms) of `path` and, for a folder, of everything in it. */
function newest(path: string): number {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return /\.test\.ts$/.test(path) ? 0 : stat.mtimeMs;
	return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), 0);
}

/** Whether build/ is missing or older than a source it is made from. */
export function buildIsStale(root = ROOT): boolean {
	const entry = join(root, 'build', 'index.js');
	if (!existsSync(entry)) return true;
	const built = statSync(entry).mtimeMs;
	return SOURCES.some((source) => newest(join(root, source)) > built);
}

/**
 * Builds the server before the tests that start it, when build/ is missing or older than its
 * sources: after an edit, `npm run test:unit` would otherwise test the build of before.
 */
export default function setup() {
	if (!buildIsStale()) return;
	console.log('build/ is older than the sources: building the server first.');
	// Vitest's own environment (NODE_ENV=test, VITEST) would make a build of another kind.
	const env = Object.fromEntries(
		Object.entries(process.env).filter(
			([name]) => name !== 'NODE_ENV' && !name.startsWith('VITEST')
		)
	);
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', env });
}
