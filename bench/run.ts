// `npm run bench`, in six sections:
// - server: the cost of one sync (one reply: 2 new messages) against histories of 100, 1,000
//   and 10,000 messages, for the full-history design and for Outpost's push, both on the same
//   real PostgreSQL 15; then Outpost's push throughput on PostgreSQL and PGlite.
// - http: requests one at a time through HTTP against the production build (`node build`, run
//   `npm run build` first) on PostgreSQL, interleaved in one run: a bare Node HTTP server,
//   `GET /api/health`, `GET /api/auth/me`, a pull after a reply, a push of a reply at 1,000 and
//   10,000 messages of history beside the same push applied with no HTTP, and the full-history
//   design's sync behind a Node HTTP server of its own (bench/http/).
// - device: in Debian's Chromium against the production build (`node build`, run
//   `npm run build` first) on PostgreSQL, with one conversation of 1,000 and of 10,000
//   messages: sign-in on a new device, opening the conversation, Send until its push is on
//   the wire, main-thread long tasks during each, bytes uploaded per reply (bench/device/).
// - worker: the sync worker's save of that whole conversation with one message changed, in
//   Chromium on real IndexedDB (bench/device/worker-diff/).
// - live: two Chromium contexts of one account against the production build on PostgreSQL,
//   with a fake model provider that answers at once: from Send on one until the message and
//   its reply show on the other, and from a device coming back online until the message it
//   sent offline and the reply to it are stored (bench/live/).
// - ui: Lighthouse 12 at phone size (its default mobile settings) on the production build
//   (`node build`, run `npm run build` first) on the embedded database: the sign-in page, the
//   chat of a signed-in account and its usage page; performance, accessibility, best practices
//   and SEO, with the audits that failed (bench/ui/).
// Environment:
//   BENCH_SECTIONS      comma-separated sections to run (default `server,http,device,worker,live,ui`)
//   BENCH_DEVICE_SIZES  conversation sizes of the device and worker sections (default `1000,10000`)
//   BENCH_DEVICE_RUNS   measured new devices (and worker saves) per size, after one
//                       unmeasured (default 5)
//   BENCH_UI_RUNS       Lighthouse runs per page of the ui section (default 3)
//   CHROME_PATH         the Chromium Lighthouse starts (default Debian's, /usr/bin/chromium)
// e.g. a quick look at the device: BENCH_SECTIONS=device BENCH_DEVICE_SIZES=1000 BENCH_DEVICE_RUNS=1
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../src/lib/server/db/database';
import { migrate } from '../src/lib/server/db/migrate';
import { readMigrations } from '../src/lib/server/db/migration-files';
import { openPgliteDatabase } from '../src/lib/server/db/pglite-database';
import { openPostgresDatabase } from '../src/lib/server/db/postgres-database';
import { startPostgres } from '../tests/support/postgres-server';
import { historyMessage, historySession, reply, sessionCount, SESSION_LENGTH } from './history';
import { deviceBench } from './device/run';
import { httpBench } from './http/run';
import { liveBench } from './live/run';
import { uiBench } from './ui/run';
import { cleanUpOnInterrupt } from './interrupt';
import { legacyBody, legacySync } from './legacy-sync';
import { measureSyncs, type SyncCost, type SyncSubject } from './measure';
import { messageRecord, outpostPush, sessionRecord } from './outpost-sync';
import { readBenchSettings } from './settings';

const SIZES = [100, 1_000, 10_000];
const IN_FLIGHT = 8;
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const MIGRATIONS = readMigrations(here('../supabase/migrations'));
const LEGACY_SCHEMA = readFileSync(here('./legacy-schema.sql'), 'utf8');

async function createDatabase(admin: Database, baseUrl: string, name: string): Promise<string> {
	await admin.query(`create database ${name}`);
	return baseUrl.replace(/\/postgres$/, `/${name}`);
}

/** A subject to measure, with the connections it holds open. */
type OpenSubject = SyncSubject & { close: () => Promise<void> };

async function fullHistorySubject(url: string, n: number, syncs: number): Promise<OpenSubject> {
	const writer = openPostgresDatabase(url, { max: 1 });
	const admin = openPostgresDatabase(url, { max: 1 });
	await writer.exec(LEGACY_SCHEMA);
	const user = randomUUID();
	const sessions = Array.from({ length: sessionCount(n) }, (_, i) => historySession(i));
	const messages = Array.from({ length: n }, (_, i) => historyMessage(i));
	await writer.query('insert into profiles (id) values ($1)', [user]);
	// The history is already stored before the measured syncs: seeded without the trigger.
	await writer.exec('alter table chat_messages disable trigger chat_messages_stats');
	await legacySync(writer, user, legacyBody(sessions, messages));
	await writer.exec('alter table chat_messages enable trigger chat_messages_stats');
	return {
		writer,
		admin,
		warmup: 1,
		syncs,
		usageTotal: async () => {
			const [row] = await admin.query<{ n: number }>(
				'select coalesce(sum(messages_sent + messages_received), 0)::int as n from user_usage_daily'
			);
			return Number(row?.n ?? 0);
		},
		sync: async (k) => {
			messages.push(...reply(n, k));
			const body = legacyBody(sessions, messages);
			const start = performance.now();
			await legacySync(writer, user, body);
			return { requestBytes: Buffer.byteLength(body), serverMs: performance.now() - start };
		},
		close: async () => {
			await Promise.all([writer.close(), admin.close()]);
		}
	};
}

async function seedOutpost(db: Database, user: string, n: number): Promise<void> {
	const sessions = await Promise.all(
		Array.from({ length: sessionCount(n) }, (_, i) => sessionRecord(historySession(i)))
	);
	for (let i = 0; i < sessions.length; i += 500)
		await outpostPush(db, user, sessions.slice(i, i + 500));
	for (let i = 0; i < n; i += 500) {
		const chunk = Array.from({ length: Math.min(500, n - i) }, (_, j) => historyMessage(i + j));
		await outpostPush(db, user, await Promise.all(chunk.map(messageRecord)));
	}
}

/**
 * Outpost with users whose histories hold each of `sizes` messages, all in one database, as
 * on a server: each user's syncs are one subject, and they share the connections.
 */
async function outpostSubjects(
	url: string,
	sizes: readonly number[]
): Promise<{ subjects: SyncSubject[]; close: () => Promise<void> }> {
	const writer = openPostgresDatabase(url, { max: 1 });
	const admin = openPostgresDatabase(url, { max: 1 });
	await migrate(writer, MIGRATIONS);
	const subjects: SyncSubject[] = [];
	for (const n of sizes) {
		const user = randomUUID();
		await seedOutpost(writer, user, n);
		subjects.push({
			writer,
			admin,
			warmup: 20,
			syncs: 100,
			usageTotal: async () => {
				const [row] = await admin.query<{ n: number }>(
					'select coalesce(sum(messages_sent + messages_received), 0)::int as n from usage_daily where user_id = $1',
					[user]
				);
				return Number(row?.n ?? 0);
			},
			sync: async (k) =>
				outpostPush(writer, user, await Promise.all(reply(n, k).map(messageRecord)))
		});
	}
	return {
		subjects,
		close: async () => {
			await Promise.all([writer.close(), admin.close()]);
		}
	};
}

/**
 * Pushes `batches` batches of `perBatch` new messages as fast as they are answered, with
 * `inFlight` pushes under way at once (as from that many clients), and returns batches/s.
 */
async function throughput(
	db: Database,
	perBatch: number,
	batches: number,
	inFlight: number
): Promise<number> {
	await migrate(db, MIGRATIONS);
	const user = randomUUID();
	await outpostPush(db, user, [await sessionRecord(historySession(0))]);
	const prepared = await Promise.all(
		Array.from({ length: batches }, async (_, b) =>
			Promise.all(
				Array.from({ length: perBatch }, (_, j) =>
					messageRecord({ ...historyMessage(b * perBatch + j), sessionId: historySession(0).id })
				)
			)
		)
	);
	await outpostPush(db, user, prepared.shift() ?? []);
	const count = prepared.length;
	const start = performance.now();
	const pusher = async () => {
		for (let records = prepared.shift(); records; records = prepared.shift()) {
			await outpostPush(db, user, records);
		}
	};
	await Promise.all(Array.from({ length: inFlight }, pusher));
	return count / ((performance.now() - start) / 1000);
}

/** Throughput one push at a time, then with IN_FLIGHT pushes under way at once. */
async function throughputBothWays(
	db: Database,
	perBatch: number,
	batches: number
): Promise<number[]> {
	try {
		return [
			await throughput(db, perBatch, batches, 1),
			await throughput(db, perBatch, batches, IN_FLIGHT)
		];
	} finally {
		await db.close();
	}
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(2));
/** The server section: sync cost per reply, then push throughput. */
async function serverBench(): Promise<void> {
	// Autovacuum off so that the WAL and row counts are the syncs' own.
	const server = await startPostgres({ settings: { autovacuum: 'off' } });
	const uninstall = cleanUpOnInterrupt(() => server.stop());
	const admin = openPostgresDatabase(server.url, { max: 1 });
	const costs = new Map<string, SyncCost>();
	try {
		// A server that has run for a while has its push code compiled by the JIT; so has this
		// process before it measures anything.
		const warm = openPostgresDatabase(await createDatabase(admin, server.url, 'warmup'), {
			max: 1
		});
		await throughput(warm, 1, 1_000, 1).finally(() => warm.close());
		// The full-history design at each size alone: its bodies of megabytes, built and parsed
		// in this process, would otherwise leave the garbage collector and the disk busy during
		// Outpost's turns.
		for (const n of SIZES) {
			const url = await createDatabase(admin, server.url, `legacy_${n}`);
			const legacy = await fullHistorySubject(url, n, n >= 10_000 ? 3 : 5);
			const [cost] = await measureSyncs([legacy]).finally(() => legacy.close());
			if (cost) costs.set(`full history:${n}`, cost);
		}
		// Outpost's users take turns on one database, so that the growth with history is not the
		// machine's drift from one minute to the next.
		const outpost = await outpostSubjects(
			await createDatabase(admin, server.url, 'outpost'),
			SIZES
		);
		// After a checkpoint, so that none falls inside the measurement.
		await admin.query('checkpoint');
		const measured = await measureSyncs(outpost.subjects).finally(() => outpost.close());
		SIZES.forEach((n, i) => {
			const cost = measured[i];
			if (cost) costs.set(`Outpost:${n}`, cost);
		});
		console.error('measured the syncs');

		const throughputRows: string[] = [];
		for (const perBatch of [1, 10]) {
			const batches = perBatch === 1 ? 2_000 : 500;
			const url = await createDatabase(admin, server.url, `throughput_${perBatch}`);
			await admin.query('checkpoint');
			const pg = openPostgresDatabase(url, { max: 1 });
			const rates = await throughputBothWays(pg, perBatch, batches);
			const dir = mkdtempSync(join(tmpdir(), 'outpost-bench-pglite-'));
			try {
				const lite = await openPgliteDatabase(dir);
				rates.push(...(await throughputBothWays(lite, perBatch, batches)));
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
			throughputRows.push(`| ${perBatch} | ${rates.map((r) => r.toFixed(0)).join(' | ')} |`);
		}

		console.log(
			`Sync cost per reply (2 new messages), PostgreSQL 15, history in sessions of ${SESSION_LENGTH} messages\n`
		);
		console.log('| history | design | request | rows written | WAL | usage counted | median ms |');
		console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: |');
		for (const n of SIZES) {
			for (const design of ['full history', 'Outpost']) {
				const cost = costs.get(`${design}:${n}`);
				if (!cost) continue;
				console.log(
					`| ${n.toLocaleString('en')} | ${design} | ${kb(cost.requestBytes)} | ${cost.rowsWritten.toFixed(1)} | ` +
						`${kb(cost.walBytes)} | ${cost.usageCounted.toFixed(1)} | ${ms(cost.medianMs)} |`
				);
			}
		}
		const legacy1k = costs.get('full history:1000');
		const outpost1k = costs.get('Outpost:1000');
		const outpost100 = costs.get('Outpost:100');
		const outpost10k = costs.get('Outpost:10000');
		if (legacy1k && outpost1k && outpost100 && outpost10k) {
			console.log(
				`\nOutpost is ${(legacy1k.medianMs / outpost1k.medianMs).toFixed(0)}× faster than the full-history design at 1,000 messages; ` +
					`its time at 10,000 is ${(outpost10k.medianMs / outpost100.medianMs).toFixed(2)}× its time at 100.`
			);
		}
		console.log('\nOutpost push throughput on one connection, batches per second\n');
		console.log(
			`| messages per batch | PostgreSQL 15, one at a time | PostgreSQL 15, ${IN_FLIGHT} at once | PGlite, one at a time | PGlite, ${IN_FLIGHT} at once |`
		);
		console.log('| ---: | ---: | ---: | ---: | ---: |');
		for (const row of throughputRows) console.log(row);
	} finally {
		uninstall();
		await admin.close();
		server.stop();
	}
}

const settings = readBenchSettings();
const started = performance.now();
const log = (line: string) =>
	console.error(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
if (settings.sections.has('server')) await serverBench();
await httpBench(settings, log);
await deviceBench(settings, log);
await liveBench(settings, log);
await uiBench(settings, log);
