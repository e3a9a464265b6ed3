import { forkServer, type ChildServer } from '../child-server';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { signUp } from '../../tests/support/api-client';
import { LONG_MESSAGE_CHARS, seedLongMessages } from '../../tests/support/long-messages';
import type { ServerBackend } from '../../tests/support/server-process';
import {
	connectionSplit,
	failedRow,
	floodRow,
	inParallel,
	runFlood,
	whilePulling
} from './abuse-harness';
import type { ScenarioResult } from './report';
import { countStatus, formatCounts, healthy, ms, type StatusCounts } from './sampling';
import { backendName } from './servers';
import { scaled, type RunSettings } from './settings';

/**
 * POSTs one shared buffer and drains the answer; resolves with its status, or `error`. Sent
 * with node:http rather than fetch, which copies every body: 1,600 copies of 4 MB would be the
 * benchmark's own memory problem.
 */
function postShared(
	url: string,
	token: string,
	body: Buffer,
	agent: Agent
): Promise<number | string> {
	return new Promise((resolve) => {
		const req = request(
			url,
			{
				method: 'POST',
				agent,
				timeout: 120_000,
				headers: {
					'content-type': 'application/json',
					'content-length': body.length,
					authorization: `Bearer ${token}`
				}
			},
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 'error'));
				res.on('error', () => resolve('error'));
			}
		);
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve('error'));
		req.end(body);
	});
}

/** A valid chat request of just under 4 MiB: 41 messages of 100,000 characters. */
function chatBody(): Buffer {
	const content = 'flood '.repeat(LONG_MESSAGE_CHARS / 6).padEnd(LONG_MESSAGE_CHARS, 'x');
	const messages = Array.from({ length: 41 }, () => ({ role: 'user', content }));
	return Buffer.from(JSON.stringify({ messages }));
}

/** (a) Parallel 4 MB chats from one account. */
export async function chatFlood(
	settings: RunSettings,
	postgresUrl: string,
	backend: ServerBackend = 'postgres'
): Promise<ScenarioResult> {
	const count = scaled(settings, 1600);
	const scenario = `${count.toLocaleString('en')} parallel 4 MB POST /api/chat from one account`;
	const target = '429 beyond CHAT_RATE_LIMIT / CHAT_CONCURRENT_LIMIT';
	try {
		const body = chatBody();
		const figures = await runFlood(
			settings,
			backend,
			postgresUrl,
			(stage) => signUp(stage.server.url),
			({ server }, attacker, statuses) =>
				sendChatFlood(server.url, attacker.token, body, count, statuses)
		);
		const limited = (figures.statuses['429'] ?? 0) > 0;
		return floodRow(scenario, backend, target, figures, limited);
	} catch (error) {
		return failedRow(`${scenario} (${backendName(backend)})`, target, error);
	}
}

/** Sends `count` chat requests of `body` at once, each on a connection of its own. */
async function sendChatFlood(
	url: string,
	token: string,
	body: Buffer,
	count: number,
	statuses: StatusCounts
): Promise<void> {
	const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
	await Promise.all(
		Array.from({ length: count }, async () =>
			countStatus(statuses, await postShared(`${url}/api/chat`, token, body, agent))
		)
	);
}

/**
 * The chat flood against a bare Node HTTP server that answers at once (bare-server.ts), with
 * the same pulls sampled: what the flood's own traffic costs other users on this machine,
 * whatever the server does. A measured row, beside the app's.
 */
export async function chatFloodFloor(settings: RunSettings): Promise<ScenarioResult> {
	const count = scaled(settings, 1600);
	const scenario = `the same ${count.toLocaleString('en')} parallel 4 MB chats against a bare Node HTTP server that answers 429 at once (the machine's floor)`;
	const target = 'measured (no target): the other pull latency no server can beat here';
	let bare: ChildServer | undefined;
	try {
		bare = await forkServer(fileURLToPath(new URL('./bare-server.ts', import.meta.url)));
		const url = bare.url;
		const statuses: StatusCounts = {};
		const { pull, seconds } = await whilePulling(url, ['a', 'b', 'c'], () =>
			sendChatFlood(url, 'flood', chatBody(), count, statuses)
		);
		return {
			family: 'abuse',
			scenario,
			target,
			seen: `answers: ${formatCounts(statuses)}; flood over in ${seconds.toFixed(1)} s; other users' pull p50 ${ms(pull.p50)}, p99 ${ms(pull.p99)} (${pull.samples} pulls; ${connectionSplit(pull)})`,
			met: undefined
		};
	} catch (error) {
		return failedRow(scenario, target, error);
	} finally {
		bare?.stop();
	}
}

/** (b) Pulls of limit=1000 over long messages, each abandoned after 50 ms. */
export async function abandonedPulls(
	settings: RunSettings,
	postgresUrl: string,
	backend: ServerBackend
): Promise<ScenarioResult> {
	const pulls = scaled(settings, 100);
	const messages = scaled(settings, 100, 10);
	const scenario = `${pulls} pulls of limit=1000 over ${messages} messages of 100,000 characters, each abandoned after 50 ms`;
	const target = 'health answers at once afterwards';
	try {
		const figures = await runFlood(
			settings,
			backend,
			postgresUrl,
			async ({ server }) => {
				const attacker = await signUp(server.url);
				await seedLongMessages(server.url, attacker, messages);
				return attacker;
			},
			async ({ server }, attacker, statuses, notes) => {
				await inParallel(pulls, pulls, async () => {
					try {
						const response = await fetch(`${server.url}/api/sync/pull?limit=1000`, {
							headers: { authorization: `Bearer ${attacker.token}` },
							signal: AbortSignal.timeout(50)
						});
						await response.arrayBuffer();
						countStatus(statuses, response.status);
					} catch {
						countStatus(statuses, 'abandoned');
					}
				});
				// The server's work goes on after the clients have gone: how long until it answers?
				const started = performance.now();
				const deadline = started + 120_000;
				let answered = false;
				while (!answered && performance.now() < deadline) {
					answered = await healthy(server.url, 2000);
				}
				const seconds = (performance.now() - started) / 1000;
				notes.push(
					answered
						? `health first answered ${seconds.toFixed(1)} s after the last pull was abandoned`
						: '**health unanswered for 120 s after the pulls**'
				);
				if (seconds > 1) notes.push('**health was slow**');
			}
		);
		const quick = !figures.notes.some((n) => n.startsWith('**'));
		return floodRow(scenario, backend, target, figures, quick);
	} catch (error) {
		return failedRow(`${scenario} (${backendName(backend)})`, target, error);
	}
}
