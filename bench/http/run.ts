import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openPostgresDatabase } from '../../src/lib/server/db/postgres-database';
import type { SyncRecord } from '../../src/lib/protocol/record';
import { getAs, push, signUp, type Account } from '../../tests/support/api-client';
import { startPostgres } from '../../tests/support/postgres-server';
import { createDatabase, newSessionSecret, startServer } from '../../tests/support/server-process';
import { forkServer } from '../child-server';
import { historyMessage, historySession, reply, sessionCount } from '../history';
import { withCleanups } from '../interrupt';
import { legacyBody, legacySync } from '../legacy-sync';
import { BENCH_RATE_LIMIT, messageRecord, outpostPush, sessionRecord } from '../outpost-sync';
import type { BenchSettings } from '../settings';
import { httpReport } from './report';
import { interleavedRounds, type Probe } from './rounds';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const LEGACY_SCHEMA = readFileSync(here('../legacy-schema.sql'), 'utf8');
/** Unmeasured rounds, then measured ones; the full-history sync runs in every tenth. */
const WARMUPS = 100;
const ROUNDS = 300;
const FULL_HISTORY_EVERY = 10;
const SIZES = [1_000, 10_000] as const;

/** A request that must succeed: its body is read to the end, and a failure stops the run. */
async function answered(response: Response, what: string): Promise<string> {
	const text = await response.text();
	if (!response.ok) throw new Error(`${what} answered ${response.status}: ${text.slice(0, 200)}`);
	return text;
}

const envelope = (records: SyncRecord[]) =>
	JSON.stringify({ protocol: 1, clientId: 'bench-http', batchId: randomUUID(), records });

/** Pushes a history of `n` messages to the account, 500 records a push. */
async function seed(url: string, account: Account, n: number): Promise<void> {
	const records = await Promise.all([
		...Array.from({ length: sessionCount(n) }, (_, i) => sessionRecord(historySession(i))),
		...Array.from({ length: n }, (_, i) => messageRecord(historyMessage(i)))
	]);
	for (let i = 0; i < records.length; i += 500) {
		await answered(await push(url, account, envelope(records.slice(i, i + 500))), 'seeding');
	}
}

/** The cursor at the end of the account's changes. */
async function headCursor(url: string, account: Account): Promise<string> {
	let cursor = '';
	for (let more = true; more;) {
		const query = cursor ? `cursor=${encodeURIComponent(cursor)}&limit=1000` : 'limit=1000';
		const page = JSON.parse(
			await answered(await getAs(url, account, `/api/sync/pull?${query}`), 'a pull')
		) as { cursor: string; hasMore: boolean };
		cursor = page.cursor;
		more = page.hasMore;
	}
	return cursor;
}

/**
 * The `http` section of `npm run bench`: through HTTP against the production build
 * (`node build`) on a throwaway PostgreSQL, side by side in one run, one request at a time: a
 * bare Node HTTP server, `GET /api/health`, `GET /api/auth/me`, a pull after a reply, a push of
 * a reply at 1,000 and 10,000 messages of history, the same push applied inside a process with
 * no HTTP (the in-server time), and the full-history design's sync behind its own Node HTTP
 * server. Needs `npm run build` first.
 */
export async function httpBench(settings: BenchSettings, log: (line: string) => void) {
	if (!settings.sections.has('http')) return;
	await withCleanups(async (cleanups) => {
		const postgres = await startPostgres();
		cleanups.push(() => postgres.stop());
		const appDatabase = await createDatabase(postgres.url);
		const server = await startServer({
			databaseUrl: appDatabase,
			sessionSecret: newSessionSecret(),
			launcher: 'node-build',
			startTimeoutMs: 120_000,
			env: { SYNC_RATE_LIMIT: String(BENCH_RATE_LIMIT) }
		});
		cleanups.push(() => server.stop());
		const bare = await forkServer(here('../reliability/bare-server.ts'));
		cleanups.push(() => bare.stop());

		const accounts = new Map<number, Account>();
		for (const n of SIZES) {
			const account = await signUp(server.url);
			await seed(server.url, account, n);
			accounts.set(n, account);
		}
		const direct = openPostgresDatabase(appDatabase, { max: 1 });
		cleanups.push(() => direct.close());

		const legacyUrl = await createDatabase(postgres.url);
		const legacyUser = randomUUID();
		const legacyDb = openPostgresDatabase(legacyUrl, { max: 1 });
		const legacySessions = Array.from({ length: sessionCount(1_000) }, (_, i) => historySession(i));
		const legacyMessages = Array.from({ length: 1_000 }, (_, i) => historyMessage(i));
		try {
			await legacyDb.exec(LEGACY_SCHEMA);
			await legacyDb.query('insert into profiles (id) values ($1)', [legacyUser]);
			await legacySync(legacyDb, legacyUser, legacyBody(legacySessions, legacyMessages));
		} finally {
			await legacyDb.close();
		}
		const legacy = await forkServer(here('./legacy-server.ts'), {
			DATABASE_URL: legacyUrl,
			LEGACY_USER: legacyUser
		});
		cleanups.push(() => legacy.stop());
		log('http: histories seeded, servers up');

		const total = WARMUPS + ROUNDS;
		// Replies numbered apart: k = 2·round through HTTP, 2·round + 1 inside a process.
		const replies = new Map<number, { http: string[]; direct: SyncRecord[][] }>();
		for (const n of SIZES) {
			const http: string[] = [];
			const inProcess: SyncRecord[][] = [];
			for (let round = 0; round < total; round++) {
				http.push(envelope(await Promise.all(reply(n, 2 * round).map(messageRecord))));
				inProcess.push(await Promise.all(reply(n, 2 * round + 1).map(messageRecord)));
			}
			replies.set(n, { http, direct: inProcess });
		}
		const small = accounts.get(1_000) as Account;
		let cursor = await headCursor(server.url, small);

		const get = (url: string, path: string, account?: Account) =>
			account ? getAs(url, account, path) : fetch(`${url}${path}`);
		const probes: Probe[] = [
			{
				name: 'bare Node HTTP server, GET',
				run: async () => void (await answered(await get(bare.url, '/bare'), 'bare'))
			},
			{
				name: 'bare Node HTTP server, POST of a reply',
				run: async (round) => {
					const body = replies.get(1_000)?.http[round] ?? '';
					const response = await fetch(`${bare.url}/bare`, { method: 'POST', body });
					await answered(response, 'bare');
				}
			},
			{
				name: 'GET /api/health',
				run: async () => void (await answered(await get(server.url, '/api/health'), 'health'))
			},
			{
				name: 'GET /api/auth/me',
				run: async () => void (await answered(await get(server.url, '/api/auth/me', small), 'me'))
			},
			{
				name: 'pull after a reply (1,000 messages)',
				run: async () => {
					const path = `/api/sync/pull?cursor=${encodeURIComponent(cursor)}`;
					const page = await answered(await get(server.url, path, small), 'a pull');
					cursor = (JSON.parse(page) as { cursor: string }).cursor;
				}
			},
			...SIZES.flatMap((n): Probe[] => {
				const account = accounts.get(n) as Account;
				const bodies = replies.get(n) as { http: string[]; direct: SyncRecord[][] };
				return [
					{
						name: `push of a reply, HTTP (${n.toLocaleString('en')} messages)`,
						run: async (round) =>
							void (await answered(await push(server.url, account, bodies.http[round]), 'a push'))
					},
					{
						name: `push of a reply, in-server (${n.toLocaleString('en')} messages)`,
						run: async (round) =>
							(await outpostPush(direct, account.user.id, bodies.direct[round] ?? [])).serverMs
					}
				];
			}),
			{
				name: 'full-history sync, HTTP (1,000 messages)',
				every: FULL_HISTORY_EVERY,
				run: async (round) => {
					legacyMessages.push(...reply(1_000, round));
					const body = legacyBody(legacySessions, legacyMessages);
					const start = performance.now();
					await answered(
						await fetch(`${legacy.url}/sync`, {
							method: 'POST',
							headers: { 'content-type': 'application/json' },
							body
						}),
						'the full-history sync'
					);
					return performance.now() - start;
				}
			}
		];
		log(`http: ${WARMUPS} rounds of warm-up, then ${ROUNDS} measured`);
		const figures = await interleavedRounds(probes, WARMUPS, ROUNDS);
		console.log(httpReport(figures));
	});
}
