// `npm run db:migrate`: applies the migrations in supabase/migrations/ to the configured
// database (DATABASE_URL, or DATABASE_DIRECT_URL when that is set beside a pooler, or the
// embedded PGlite in DATA_DIR). Safe to run again.
import { fileURLToPath } from 'node:url';
import { readConfig } from '../src/lib/server/config';
import { DataDirLockedError } from '../src/lib/server/db/data-dir-lock';
import { migrate } from '../src/lib/server/db/migrate';
import { readMigrations } from '../src/lib/server/db/migration-files';
import { openDatabase, withDirectDatabase } from '../src/lib/server/db/open-database';

const config = readConfig();
const dir = fileURLToPath(new URL('../supabase/migrations', import.meta.url));
try {
	const db = await openDatabase(config);
	try {
		const applied = await withDirectDatabase(config, db, (direct) =>
			migrate(direct, readMigrations(dir))
		);
		console.log(
			applied.length === 0
				? `The ${db.kind} database is up to date.`
				: `Applied to the ${db.kind} database: ${applied.join(', ')}`
		);
	} finally {
		await db.close();
	}
} catch (error) {
	if (error instanceof DataDirLockedError) {
		console.error(`${error.message} (the running server applies migrations at start-up itself)`);
		process.exit(1);
	}
	throw error;
}
