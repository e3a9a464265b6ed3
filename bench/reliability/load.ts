import autocannon from 'autocannon';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { push, signUp, usage, type Account } from '../../tests/support/api-client';
import { messageData } from '../../tests/support/record-data';
import { batch, session } from '../../tests/support/records';
import type { ServerBackend } from '../../tests/support/server-process';
import { inParallel } from './abuse-harness';
import type { ScenarioResult } from './report';
import { watchRss } from './sampling';
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

/**
 * One load run against a fresh server of `backend`: with `rate`, the users together send that
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
		let nextAccount = 0;
		const rss = watchRss(server.pid, settings.rssCeilingMb);
		const result = await autocannon({
			url: server.url,
			connections: USERS,
			duration: seconds,
			...(rate ? { overallRate: rate } : {}),
			// Each connection is one user with its own session.
			setupClient: (client) => {
				const account = accounts[nextAccount++ % accounts.length];
				const headers = {
					'content-type': 'application/json',
					authorization: `Bearer ${account?.token ?? ''}`
				};
				client.setRequests([
					{
						method: 'POST',
						path: '/api/sync/push',
						setupRequest: (request) => ({ ...request, headers, body: singleMessagePush() })
					}
				]);
			}
		});
		const { peakMb } = rss.stop();
		const ok = result['2xx'];
		const days = await Promise.all(
			accounts.map((a) => usage(server.url, a, '2026-01-05', '2026-01-05'))
		);
		const counted = days.flat().reduce((sum, d) => sum + d.messagesSent, 0);
		const answered = ok / result.duration;
		const errors = result.errors + result.timeouts;
		const p99 = result.latency.p99;
		const targeted = backend === 'postgres' && rate === TARGET_RATE;
		// Requests still in flight when autocannon stops are applied but not counted by it.
		const exact = counted >= ok && counted <= ok + USERS;
		const pace = rate ? `${rate} pushes/s offered` : 'each push as soon as the last is answered';
		return {
			family: 'load',
			scenario: `${USERS} users, ${seconds} s of single-message pushes, ${pace} (${backendName(backend)})`,
			target: targeted
				? '≥ 500 pushes/s, 0 errors, p99 ≤ 100 ms; usage exact'
				: rate
					? 'measured: above the target rate (no target)'
					: 'measured: the capacity (no target)',
			seen:
				`${answered.toFixed(0)} pushes/s (${ok} answered 2xx); latency p50 ${result.latency.p50} ms, p99 ${p99} ms, max ${result.latency.max} ms; ` +
				`errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}; ` +
				`peak RSS ${peakMb.toFixed(0)} MB; usage counted ${counted} for ${ok} 2xx and at most ${USERS} in flight at the stop`,
			met: targeted
				? answered >= 500 && errors === 0 && result.non2xx === 0 && p99 <= 100 && exact
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
