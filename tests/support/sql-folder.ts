import postgres from 'postgres';
import { readMigrations } from '../../src/lib/server/db/migration-files';

/**
 * Runs every `.sql` file of `dir` in file-name order in the database at `url`, as plain scripts
 * (no migration bookkeeping): `supabase/schemas/`, or the migrations as a fresh database gets them.
 */
export async function applySqlFolder(url: string, dir: string): Promise<void> {
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		const files = readMigrations(dir).sort((a, b) => a.name.localeCompare(b.name));
		if (files.length === 0) throw new Error(`no .sql file in ${dir}`);
		for (const file of files) await sql.unsafe(file.sql);
	} finally {
		await sql.end();
	}
}
