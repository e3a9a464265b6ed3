import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { openPostgresDatabase } from '../src/lib/server/db/postgres-database';
import { migrate } from '../src/lib/server/db/migrate';
import { readMigrations } from '../src/lib/server/db/migration-files';
import { startPostgres } from '../tests/support/postgres-server';
import { messageRecord, outpostPush, sessionRecord } from './outpost-sync';
import { historyMessage, historySession } from './history';
import { median } from './measure';
const server = await startPostgres({ settings: { autovacuum: 'off' } });
try {
	const db = openPostgresDatabase(server.url, { max: 1 });
	await migrate(
		db,
		readMigrations(fileURLToPath(new URL('../supabase/migrations', import.meta.url)))
	);
	const user = randomUUID();
	await outpostPush(db, user, [await sessionRecord(historySession(0))]);
	const recs = await Promise.all(
		Array.from({ length: 3000 }, (_, i) =>
			messageRecord({ ...historyMessage(i), sessionId: historySession(0).id })
		)
	);
	for (let i = 0; i < 100; i++) await outpostPush(db, user, [recs[2 * i]!, recs[2 * i + 1]!]);
	const ms: number[] = [];
	for (let i = 100; i < 500; i++)
		ms.push((await outpostPush(db, user, [recs[2 * i]!, recs[2 * i + 1]!])).serverMs);
	const t = performance.now();
	for (let i = 1000; i < 3000; i++) await outpostPush(db, user, [recs[i]!]);
	console.log(
		process.cwd(),
		'median 2-msg ms',
		median(ms).toFixed(3),
		'1-msg batches/s',
		(2000 / ((performance.now() - t) / 1000)).toFixed(0)
	);
	await db.close();
} finally {
	server.stop();
}
