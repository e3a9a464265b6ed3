// `npm run bench:reliability`: the abuse, chaos, crash, several-instance and load scenarios of
// issue 8 against the production build, each figure against its target; prints one table and
// writes docs/RELIABILITY.md. RELIABILITY_SCALE shrinks every size for a quick run,
// RELIABILITY_ONLY picks families (see settings.ts).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import {
	postgresBin,
	startPostgres,
	type PostgresServer
} from '../../tests/support/postgres-server';
import { abuseFamily } from './abuse';
import { chaosFamily } from './chaos';
import { crashFamily } from './crash';
import { instancesFamily } from './instances';
import { loadFamily } from './load';
import { consoleTable, reliabilityMarkdown, type ScenarioResult } from './report';
import { readSettings, type Family, type RunSettings } from './settings';

type FamilyRun = (
	settings: RunSettings,
	postgresUrl: string,
	log: (line: string) => void
) => Promise<ScenarioResult[]>;

const RUNS: Record<Family, FamilyRun> = {
	abuse: abuseFamily,
	chaos: chaosFamily,
	crash: crashFamily,
	instances: instancesFamily,
	load: loadFamily
};

/**
 * The order the families run in. Families of one stage run at the same time: chaos, crash and
 * several instances measure correctness (what is stored, counted and shown), which another
 * run beside them cannot change; abuse and load measure latency and memory, and run alone.
 */
const STAGES: readonly (readonly Family[])[] = [
	['abuse'],
	['chaos', 'crash', 'instances'],
	['load']
];

/** What each family's table should say about how it ran. */
const NOTES: Partial<Record<Family, string>> = {
	abuse:
		'Each flood runs on a fresh database and server. Answers are counted by status (`error`: no answer at all; `abandoned`: the client gave up, as the case says). The other users’ pulls time out at 10 s (counted as failed, at 10 s). Health is asked once more after the sampling, with 5 s to answer. The wrong-password and signup floods stop at 45 s, so that a server that makes each attempt slow cannot hold the run.',
	chaos:
		'A seeded fault proxy (tests/support/fault-proxy.ts) sits between Chromium and the server and, on API requests only, drops the connection before forwarding, drops the answer after the server has committed, delays, or answers 503 with Retry-After. Three tabs of one user each send their share through the composer (each send also streams a demo-model reply through the proxy); then the faults stop, every tab presses “Sync now” until it says “All synced”, and the server’s records and usage and each tab’s conversation are compared with what was sent.',
	crash:
		'A client pushes batches of messages several at a time; the server gets SIGKILL mid-stream, is restarted on the same DATA_DIR or database, and every batch the client saw no answer for is sent again with the same batchId and body.',
	instances:
		'Two server processes share one PostgreSQL database and SESSION_SECRET; batches go alternately to each, and some to both at once.',
	load: "On a PostgreSQL started for the load alone, after the other families have ended. From the benchmark process, 50 users each with its own account (its session token as `Authorization: Bearer`) and one keep-alive connection, every request a new batchId with one new message; SYNC_RATE_LIMIT=0. Each server is first warmed up, unmeasured, with 5 s each at 125, 250 and 500 pushes/s. At a set rate the users push at random times of their own (together a Poisson stream of exactly that many a second; undici, see paced-load.ts), a user's push that comes due while its last is unanswered waits for it, and each latency counts from when the push was due. At capacity autocannon sends each user's next push as soon as the last is answered. (autocannon's own `overallRate` is not used: it sends each connection's quota for the second at once, at the start of every second, and fills its histogram as if a request were due every millisecond.)"
};

function postgresVersion(): string {
	try {
		const text = execFileSync(join(postgresBin(), 'postgres'), ['--version']).toString();
		return /\(PostgreSQL\) (\S+)/.exec(text)?.[1] ?? text.trim();
	} catch {
		return '?';
	}
}

async function main(): Promise<void> {
	const settings = readSettings();
	const started = performance.now();
	const loadAverage = loadavg()[0] ?? 0;
	const log = (line: string) =>
		console.error(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
	let postgres: PostgresServer | undefined;
	// Interrupted: stop PostgreSQL; the servers are killed on exit by tests/support/server-process.
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			postgres?.stop();
			process.exit(130);
		});
	}
	const results: ScenarioResult[] = [];
	const run = async (family: Family, url: string): Promise<ScenarioResult[]> => {
		log(`${family}…`);
		try {
			return await RUNS[family](settings, url, log);
		} catch (error) {
			const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
			return [
				{
					family,
					scenario: 'the family',
					target: 'runs',
					seen: `could not run: ${message}`,
					met: false
				}
			];
		}
	};
	for (const group of STAGES) {
		const families = group.filter((family) => settings.families.includes(family));
		if (families.length === 0) continue;
		// Each stage on a PostgreSQL of its own: the checkpoints and autovacuum that an earlier
		// stage's writes cause must not run inside a later stage's latency measurements.
		const stagePostgres = await startPostgres();
		postgres = stagePostgres;
		try {
			const runs = families.map((family) => run(family, stagePostgres.url));
			for (const rows of await Promise.all(runs)) results.push(...rows);
		} finally {
			stagePostgres.stop();
			postgres = undefined;
		}
	}
	const durationS = (performance.now() - started) / 1000;
	console.log(consoleTable(results));
	const met = results.filter((r) => r.met === true).length;
	const missed = results.filter((r) => r.met === false).length;
	console.log(
		`\n${met} met, ${missed} missed, ${results.length - met - missed} without a target, in ${durationS.toFixed(0)} s`
	);
	if (settings.output !== '-') {
		const scale = settings.scale === 1 ? '' : `RELIABILITY_SCALE=${settings.scale} `;
		const only =
			settings.families.length === 5 ? '' : `RELIABILITY_ONLY=${settings.families.join(',')} `;
		const markdown = reliabilityMarkdown(
			results,
			{
				date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
				cores: cpus().length,
				cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
				memoryGb: totalmem() / 1024 ** 3,
				node: process.version,
				loadAverage,
				postgres: postgresVersion(),
				command: `${scale}${only}npm run bench:reliability`,
				scale: settings.scale,
				durationS
			},
			NOTES
		);
		writeFileSync(settings.output, markdown);
		log(`wrote ${settings.output}`);
	}
}

await main();
// Servers, browsers and sockets are all closed; anything left (a stuck request) must not hold the run.
process.exit(0);
