import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Migration } from './migrate';

/** Reads the `*.sql` migrations of a folder, for scripts that run outside the server build. */
export function readMigrations(dir: string): Migration[] {
	return readdirSync(dir)
		.filter((name) => name.endsWith('.sql'))
		.map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}
