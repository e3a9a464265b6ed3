import autocannon from 'autocannon';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { push, signUp, usage, type Account } from '../../tests/support/api-client';
import { messageData } from '../../tests/support/record-data';
import { batch, session } from '../../tests/support/records';
import type { ServerBackend } from '../../tests/support/server-process';
import { inParallel } from './abuse-harness';
import { pacedLoad, type PacedResult } from './paced-load';
import type { ScenarioResult } from './report';
import { quantile, watchRss } from './sampling';
import { backendName, startBuild } from './servers';
import { scaled, type RunSettings } from './settings';

const USERS = 50;

let sequence = 0;

/** A push of one new message in a new batch, hashed synchronously (autocannon builds bodies so). */
function singleMessagePush(): string {
	const n = sequence++;
	const data = messageData(`load-${n}`, 'load', { content: `load message ${n}` });
	const hash = `sha256:${createHash('sha256')
		.update(canonicalize(data) ?? '')
		.digest('hex')}`;
	return JSON.stringify({
		protocol: 1,
		clientId: 'autocannon',
		batchId: `load-${n}`,
		records: [{ type: 'message', id: `load-${n}`, op: 'upsert', hash, data }]
	});
}

/** The target's rate: the latency a user gets while the server takes 500 pushes/s. */
const TARGET_RATE = 500;

/** A rate above the target's, measured for the headroom (no target). */
const ABOVE_TARGET_RATE = 600;

/** What a load run saw, whichever generator drove it. */
interface LoadFigures {
	ok: number;
	non2xx: number;
	errors: number;
	timeouts: number;
	answeredPerSecond: number;
	p50: number;
	p99: number;
	max: number;
	/** How long the answers went on after the last push was due, when the rate was paced. */
	drain: string;
}

const pushHeaders = (account: Account) => ({
	'content-type': 'application/json',
	authorization: `Bearer ${account.token}`
});

/**
 * The users push single messages at `rate` a second, at random times of their own. The bodies
 * are made before the run: the generator shares the machine's two cores with the server and
 * PostgreSQL, and hashing a body while the server is measured takes CPU from it.
 */
function pacedPushes(
	url: string,
	accounts: Account[],
	rate: number,
	seconds: number,
	seed = 1
): Promise<PacedResult> {
	const bodies = Array.from({ length: Math.round(rate * seconds) }, singleMessagePush);
	let next = 0;
	return pacedLoad({
		url,
		path: '/api/sync/push',
		users: accounts.map((account) => ({ headers: pushHeaders(account) })),
		rate,
		seconds,
		body: () => bodies[next++] ?? singleMessagePush(),
		seed
	});
}

/**
 * The users offer `rate` pushes a second at random times of their own. The latency counts from
 * when each push was due, and the rate is what was answered over the window it was offered in:
 * a server that falls behind shows it in the latency and in the drain after the window.
 */
async function pacedRun(
	url: string,
	accounts: Account[],
	seconds: number,
	rate: number
): Promise<LoadFigures> {
	const result = await pacedPushes(url, accounts, rate, seconds);
	return {
		ok: result.ok,
		non2xx: result.non2xx,
		errors: result.errors,
		timeouts: result.timeouts,
		answeredPerSecond: result.ok / seconds,
		p50: quantile(result.latencies, 0.5),
		p99: quantile(result.latencies, 0.99),
		max: quantile(result.latencies, 1),
		drain: `, the last ${(result.drainSeconds * 1000).toFixed(0)} ms after the window`
	};
}

/**
 * Brings a cold server up to speed before a measured run, as the other benchmarks do: pushes
 * at a quarter, a half and then all of the target's rate, `seconds` each, unmeasured (from
 * cold, the first seconds at the full rate build a queue that takes several more to drain).
 * Returns how many were answered 2xx, for the usage count.
 */
async function warmUp(url: string, accounts: Account[], seconds: number): Promise<number> {
	let ok = 0;
	for (const [step, share] of [0.25, 0.5, 1].entries()) {
		ok += (await pacedPushes(url, accounts, TARGET_RATE * share, seconds, 100 + step)).ok;
	}
	return ok;
}

/** autocannon's connections, each sending its next push as soon as the last is answered. */
async function cappedRun(url: string, accounts: Account[], seconds: number): Promise<LoadFigures> {
	let nextAccount = 0;
	const result = await autocannon({
		url,
		connections: USERS,
		duration: seconds,
		// Each connection is one user with its own session.
		setupClient: (client) => {
			const account = accounts[nextAccount++ % accounts.length];
			const headers = account ? pushHeaders(account) : {};
			client.setRequests([
				{
					method: 'POST',
					path: '/api/sync/push',
					setupRequest: (request) => ({ ...request, headers, body: singleMessagePush() })
				}
			]);
		}
	});
	return {
		ok: result['2xx'],
		non2xx: result.non2xx,
		errors: result.errors,
		timeouts: result.timeouts,
		answeredPerSecond: result['2xx'] / result.duration,
		p50: result.latency.p50,
		p99: result.latency.p99,
		max: result.latency.max,
		drain: ''
	};
}

/**
 * One load run against a fresh server of `backend`, warmed up: with `rate`, the users together offer that
 * many pushes a second (the latency a user gets at that load); without, each sends its next push
 * as soon as the last is answered (the capacity, where latency is only the queue: 50 users at
 * 900 pushes/s wait 55 ms each by Little's law whatever the server does).
 */
async function loadRun(
	settings: RunSettings,
	postgresUrl: string,
	backend: ServerBackend,
	seconds: number,
	rate?: number
): Promise<ScenarioResult> {
	const server = await startBuild(backend, postgresUrl, { SYNC_RATE_LIMIT: '0' });
	try {
		const accounts: Account[] = [];
		await inParallel(USERS, 5, async () => {
			const account = await signUp(server.url);
			const opening = await push(server.url, account, batch([await session('load')]));
			if (opening.status !== 200) throw new Error(`the session push answered ${opening.status}`);
			accounts.push(account);
		});
		const warmed = await warmUp(server.url, accounts, scaled(settings, 5));
		const rss = watchRss(server.pid, settings.rssCeilingMb);
		const figures = rate
			? await pacedRun(server.url, accounts, seconds, rate)
			: await cappedRun(server.url, accounts, seconds);
		const { peakMb } = rss.stop();
		const ok = figures.ok;
		const days = await Promise.all(
			accounts.map((a) => usage(server.url, a, '2026-01-05', '2026-01-05'))
		);
		const counted = days.flat().reduce((sum, d) => sum + d.messagesSent, 0) - warmed;
		const answered = figures.answeredPerSecond;
		const errors = figures.errors + figures.timeouts;
		const p99 = figures.p99;
		const targeted = backend === 'postgres' && rate === TARGET_RATE;
		// Requests still in flight when autocannon stops are applied but not counted by it.
		const exact = rate ? counted === ok : counted >= ok && counted <= ok + USERS;
		const pace = rate
			? `${rate} pushes/s offered at random times`
			: 'each push as soon as the last is answered';
		return {
			family: 'load',
			scenario: `${USERS} users, ${seconds} s of single-message pushes, ${pace} (${backendName(backend)})`,
			target: targeted
				? '≥ 500 pushes/s, 0 errors, p99 ≤ 100 ms; usage exact'
				: rate
					? 'measured: above the target rate (no target)'
					: 'measured: the capacity (no target)',
			seen:
				`${answered.toFixed(0)} pushes/s (${ok} answered 2xx${figures.drain}); ` +
				`latency p50 ${figures.p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${figures.max.toFixed(0)} ms; ` +
				`errors ${figures.errors}, timeouts ${figures.timeouts}, non-2xx ${figures.non2xx}; ` +
				`peak RSS ${peakMb.toFixed(0)} MB; usage counted ${counted} for ${ok} 2xx (past the warm-up's ${warmed})` +
				(rate ? '' : ` and at most ${USERS} in flight at the stop`),
			met: targeted
				? answered >= 500 && errors === 0 && figures.non2xx === 0 && p99 <= 100 && exact
				: undefined
		};
	} finally {
		await server.stop();
	}
}

/**
 * autocannon against the production build: on PostgreSQL at the target's rate, above it, and at
 * capacity, then on PGlite at capacity.
 */
export async function loadFamily(
	settings: RunSettings,
	postgresUrl: string,
	log: (line: string) => void
): Promise<ScenarioResult[]> {
	const seconds = scaled(settings, 60, 5);
	const runs: [ServerBackend, number | undefined][] = [
		['postgres', TARGET_RATE],
		['postgres', ABOVE_TARGET_RATE],
		['postgres', undefined],
		['pglite', undefined]
	];
	const rows: ScenarioResult[] = [];
	for (const [backend, rate] of runs) {
		log(`load: ${backendName(backend)}, ${seconds} s${rate ? ` at ${rate}/s` : ''}`);
		rows.push(await loadRun(settings, postgresUrl, backend, seconds, rate));
	}
	return rows;
}
