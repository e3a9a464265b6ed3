import { getAs, push, signUp, type Account } from '../../tests/support/api-client';
import { batch, message, session } from '../../tests/support/records';
import { encodeCursor } from '../../src/lib/sync/cursor';
import type { ScenarioResult } from './report';
import { healthy } from './sampling';
import { alive, PRODUCTION_LIMITS, startBuild } from './servers';

/** One odd request: what it is, what it should get, and how to send it. */
interface BodyCase {
	name: string;
	expected: readonly number[];
	send: (url: string, account: Account) => Promise<{ status: number | 'error'; detail?: string }>;
}

const MiB = 1024 * 1024;
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** A valid push of about `target` bytes: a session and messages of up to 100,000 characters. */
async function pushOfSize(prefix: string, target: number) {
	const records = [await session(`${prefix}-s`)];
	const full = 'x'.repeat(100_000);
	for (let i = 0; bytes(batch(records)) < target - 1000; i++) {
		const room = target - bytes(batch(records)) - 400;
		const content = room >= full.length ? full : 'y'.repeat(Math.max(1, room));
		records.push(await message(`${prefix}-m${i}`, `${prefix}-s`, { content }));
	}
	return batch(records);
}

async function statusOf(response: Promise<Response>) {
	try {
		const answer = await response;
		const text = await answer.text();
		return { status: answer.status, text };
	} catch (error) {
		return { status: 'error' as const, text: String((error as Error).cause ?? error) };
	}
}

const sizedPush = (name: string, size: number, expected: number): BodyCase => ({
	name,
	expected: [expected],
	async send(url, account) {
		const body = await pushOfSize(name.replace(/\W+/g, ''), size);
		const { status } = await statusOf(push(url, account, body));
		return { status, detail: `${(bytes(body) / MiB).toFixed(2)} MiB` };
	}
});

/** Chunks of `total` bytes without a Content-Length. */
function chunkedBody(total: number): ReadableStream<Uint8Array> {
	const chunk = new Uint8Array(64 * 1024).fill(0x20);
	let sent = 0;
	return new ReadableStream({
		pull(controller) {
			if (sent >= total) return controller.close();
			controller.enqueue(chunk);
			sent += chunk.length;
		}
	});
}

const CASES: readonly BodyCase[] = [
	sizedPush('valid 600 KB push', 600 * 1024, 200),
	sizedPush('valid 1.9 MiB push', 1.9 * MiB, 200),
	sizedPush('2.5 MiB push', 2.5 * MiB, 413),
	{
		name: 'chunked 10 MB push body without Content-Length',
		expected: [413],
		send: async (url, account) =>
			statusOf(
				fetch(`${url}/api/sync/push`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', cookie: account.cookie },
					body: chunkedBody(10 * 1000 * 1000),
					duplex: 'half'
				} as RequestInit)
			)
	},
	{
		name: 'valid 600 KB chat',
		expected: [200],
		send: async (url, account) => {
			const content = 'z'.repeat(100_000);
			const messages = Array.from({ length: 6 }, () => ({ role: 'user', content }));
			return statusOf(
				fetch(`${url}/api/chat`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', cookie: account.cookie },
					body: JSON.stringify({ messages })
				})
			);
		}
	},
	{
		name: 'a batch with one message dated year 0000 among good ones',
		expected: [200],
		async send(url, account) {
			const year0 = '0000-01-01T00:00:00.000Z';
			const body = batch([
				await session('y0-s'),
				await message('y0-good1', 'y0-s'),
				await message('y0-bad', 'y0-s', { createdAt: year0, updatedAt: year0 }),
				await message('y0-good2', 'y0-s')
			]);
			const { status, text } = await statusOf(push(url, account, body));
			if (status !== 200) return { status };
			const results = (JSON.parse(text) as { results: { id: string; status: string }[] }).results;
			const byId = Object.fromEntries(results.map((r) => [r.id, r.status]));
			const good =
				byId['y0-good1'] === 'inserted' &&
				byId['y0-good2'] === 'inserted' &&
				byId['y0-bad'] === 'rejected';
			const summary = results.map((r) => `${r.id} ${r.status}`).join(', ');
			return good ? { status, detail: summary } : { status: 'error', detail: `200 but ${summary}` };
		}
	},
	{
		name: 'a push with invalid UTF-8 bytes in a message',
		expected: [400],
		async send(url, account) {
			const text = JSON.stringify(
				batch([await session('utf-s'), await message('utf-m', 'utf-s', { content: 'MARK' })])
			);
			const [before = '', after = ''] = text.split('MARK');
			const body = Buffer.concat([
				Buffer.from(before),
				Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
				Buffer.from(after)
			]);
			return statusOf(
				fetch(`${url}/api/sync/push`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', cookie: account.cookie },
					body
				})
			);
		}
	},
	{
		name: 'GET /api/usage?from=0000-01-01&to=0000-01-02',
		expected: [400],
		send: (url, account) =>
			statusOf(getAs(url, account, '/api/usage?from=0000-01-01&to=0000-01-02'))
	},
	{
		name: 'a pull with a cursor ahead of the server',
		expected: [400],
		send: (url, account) =>
			statusOf(getAs(url, account, `/api/sync/pull?cursor=${encodeCursor(1_000_000)}`))
	}
];

/** (e) Oversized and odd bodies under `node build`: each case's expected answer and the one seen. */
export async function oddBodies(postgresUrl: string): Promise<ScenarioResult[]> {
	const server = await startBuild('postgres', postgresUrl, { ...PRODUCTION_LIMITS });
	const rows: ScenarioResult[] = [];
	try {
		const account = await signUp(server.url);
		for (const odd of CASES) {
			const { status, detail } = await odd.send(server.url, account);
			rows.push({
				family: 'abuse',
				scenario: `node build: ${odd.name}`,
				target: odd.expected.join(' or '),
				seen: `${status}${detail ? ` (${detail})` : ''}`,
				met: typeof status === 'number' && odd.expected.includes(status)
			});
		}
		const up = alive(server.pid) && (await healthy(server.url));
		rows.push({
			family: 'abuse',
			scenario: 'node build: server after the odd bodies',
			target: 'up, health 200',
			seen: up ? 'up' : 'down',
			met: up
		});
	} finally {
		await server.stop();
	}
	return rows;
}
