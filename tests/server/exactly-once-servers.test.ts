import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pullAll, push, signUp, usage, type Account } from '../support/api-client';
import { at, batch, message, session } from '../support/records';
import {
	createDatabase,
	newSessionSecret,
	startServer,
	type ServerProcess
} from '../support/server-process';
import { encodeCursor } from '$lib/sync/cursor';

const ROUNDS = 8;

/** The value of an unlabelled sample, or of one with exactly `labels`, in Prometheus text. */
function sample(text: string, name: string, labels = ''): number {
	const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
	return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** Metrics are served on the main port only with their token. */
const METRICS_TOKEN = 'exactly-once-metrics';

async function metrics(server: ServerProcess): Promise<string> {
	const headers = { authorization: `Bearer ${METRICS_TOKEN}` };
	return (await fetch(`${server.url}/metrics`, { headers })).text();
}

/** A round's batch: a session with one user and one assistant message, all on 2026-01-05. */
async function roundBatch(round: number) {
	const sessionId = `s${round}`;
	return batch([
		await session(sessionId),
		await message(`u${round}`, sessionId, { role: 'user', inputTokens: 5, outputTokens: 0 }),
		await message(`a${round}`, sessionId, {
			role: 'assistant',
			model: 'outpost-demo',
			inputTokens: 0,
			outputTokens: 7,
			createdAt: at(2),
			updatedAt: at(2)
		})
	]);
}

describe('one batch sent to two servers sharing one Postgres database at once', () => {
	let a: ServerProcess;
	let b: ServerProcess;
	let account: Account;
	const batches: Awaited<ReturnType<typeof roundBatch>>[] = [];
	const answers: { status: number; body: string }[][] = [];

	beforeAll(async () => {
		const databaseUrl = await createDatabase(inject('postgresUrl'));
		const sessionSecret = newSessionSecret();
		const env = { METRICS_TOKEN };
		[a, b] = await Promise.all([
			startServer({ databaseUrl, sessionSecret, env }),
			startServer({ databaseUrl, sessionSecret, env })
		]);
		account = await signUp(a.url);
		for (let round = 0; round < ROUNDS; round++) {
			const body = await roundBatch(round);
			batches.push(body);
			const responses = await Promise.all([push(a.url, account, body), push(b.url, account, body)]);
			answers.push(
				await Promise.all(responses.map(async (r) => ({ status: r.status, body: await r.text() })))
			);
		}
	}, 120_000);
	afterAll(() => Promise.all([a?.stop(), b?.stop()]));

	it('answers both copies with 200 and the same body, every time', () => {
		for (const [first, second] of answers) {
			expect(first?.status).toBe(200);
			expect(second?.status).toBe(200);
			expect(second?.body).toBe(first?.body);
		}
	});

	it('applies each batch once: its records inserted, the cursor three changes further', () => {
		answers.forEach(([first], round) => {
			const body = JSON.parse(first?.body ?? '{}') as {
				cursor: string;
				results: { id: string; status: string }[];
			};
			expect(body.results).toEqual([
				expect.objectContaining({ id: `s${round}`, status: 'inserted' }),
				expect.objectContaining({ id: `u${round}`, status: 'inserted' }),
				expect.objectContaining({ id: `a${round}`, status: 'inserted' })
			]);
			expect(body.cursor).toBe(encodeCursor(3 * (round + 1)));
		});
	});

	it('stores every record once, whichever server is asked', async () => {
		for (const server of [a, b]) {
			const records = await pullAll(server.url, account);
			const ids = records.map((r) => r.id);
			expect(ids).toHaveLength(3 * ROUNDS);
			expect(new Set(ids).size).toBe(3 * ROUNDS);
			expect(records.map((r) => r.version)).toEqual(
				Array.from({ length: 3 * ROUNDS }, (_, i) => i + 1)
			);
			const messages = records
				.filter((r) => r.type === 'message')
				.map((r) => r.id)
				.sort();
			expect(messages).toEqual(
				Array.from({ length: ROUNDS }, (_, i) => [`a${i}`, `u${i}`])
					.flat()
					.sort()
			);
		}
	});

	it('counts each message once in the usage of its day', async () => {
		expect(await usage(b.url, account, '2026-01-05', '2026-01-05')).toEqual([
			{
				date: '2026-01-05',
				messagesSent: ROUNDS,
				messagesReceived: ROUNDS,
				inputTokens: 5 * ROUNDS,
				outputTokens: 7 * ROUNDS
			}
		]);
	});

	it('counts one application and one replay per batch across the two servers', async () => {
		const [textA, textB] = await Promise.all([metrics(a), metrics(b)]);
		const applied =
			sample(textA, 'outpost_sync_pushes_total', 'outcome="applied"') +
			sample(textB, 'outpost_sync_pushes_total', 'outcome="applied"');
		const replayed =
			sample(textA, 'outpost_sync_replays_total') + sample(textB, 'outpost_sync_replays_total');
		expect({ applied, replayed }).toEqual({ applied: ROUNDS, replayed: ROUNDS });
	});

	it('replays every batch again later with the stored body and changes nothing', async () => {
		for (const [round, body] of batches.entries()) {
			const response = await push(b.url, account, body);
			expect(response.status).toBe(200);
			expect(await response.text()).toBe(answers[round]?.[0]?.body);
		}
		expect(await pullAll(a.url, account)).toHaveLength(3 * ROUNDS);
		const [day] = await usage(a.url, account, '2026-01-05', '2026-01-05');
		expect(day?.messagesSent).toBe(ROUNDS);
		expect(day?.outputTokens).toBe(7 * ROUNDS);
	});
});
