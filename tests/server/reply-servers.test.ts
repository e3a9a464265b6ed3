import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { pullAll, push, signUp, type Account } from '../support/api-client';
import { startFakeProvider } from '../support/fake-provider';
import { at, batch, message, session } from '../support/records';
import {
	createDatabase,
	newSessionSecret,
	startServer,
	type ServerProcess
} from '../support/server-process';

const SESSIONS = 4;
const QUESTIONS = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function messagesOf(url: string, account: Account) {
	const records = await pullAll(url, account);
	return records.flatMap((r) =>
		r.type === 'message' && r.op === 'upsert' ? [{ id: r.id, ...r.data }] : []
	);
}

describe('replies from two server processes over one PostgreSQL, one killed mid-reply', () => {
	let provider: Awaited<ReturnType<typeof startFakeProvider>>;
	const servers: ServerProcess[] = [];
	beforeAll(async () => {
		provider = await startFakeProvider();
	});
	afterAll(async () => {
		await Promise.all(servers.map((s) => s.stop()));
		await provider.close();
	});

	it('gives every question exactly one complete reply', async () => {
		// Slow replies (about 2 s each), so that the kill lands while some are being written.
		provider.setDefault({ kind: 'reply', chunks: 20, chunkDelayMs: 100 });
		const options = {
			databaseUrl: await createDatabase(inject('postgresUrl')),
			sessionSecret: newSessionSecret(),
			startTimeoutMs: 120_000,
			// Two replies at a time on each instance, and no cap per user: the first replies of the
			// four sessions are shared out, so that the one killed is surely writing some.
			env: {
				LLM_BASE_URL: provider.url,
				LLM_MODEL: 'fake-small',
				REPLY_LEASE_MS: '2000',
				REPLY_SLOTS: '2',
				CHAT_CONCURRENT_LIMIT: '0'
			}
		};
		const [a, b] = await Promise.all([startServer(options), startServer(options)]);
		servers.push(a, b);
		const account = await signUp(a.url);
		const records = [];
		for (let s = 0; s < SESSIONS; s++) {
			records.push(await session(`s${s}`));
			for (let q = 0; q < QUESTIONS; q++) {
				records.push(
					await message(`s${s}q${q}`, `s${s}`, {
						content: `question ${s}.${q}`,
						replyRequest: uuidv7(),
						createdAt: at(10 + q),
						updatedAt: at(10 + q)
					})
				);
			}
		}
		const pushed = await push(b.url, account, batch(records));
		expect(pushed.status).toBe(200);

		// Kill one instance once both are writing replies: four running, two on each, and the
		// model asked for all four.
		const pg = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
		let writing = false;
		try {
			for (let i = 0; i < 800 && !writing; i++) {
				const [row] = await pg<{ running: number }[]>`
					select count(*)::int as running from reply_jobs where state = 'running'`;
				writing = row?.running === 4 && provider.requests.length >= 4;
				if (!writing) await sleep(25);
			}
		} finally {
			await pg.end();
		}
		expect(writing).toBe(true);
		await a.signal('SIGKILL');

		const deadline = Date.now() + 60_000;
		let messages = await messagesOf(b.url, account);
		const complete = () => messages.filter((m) => m.replyTo && m.status === 'complete');
		while (complete().length < SESSIONS * QUESTIONS && Date.now() < deadline) {
			await sleep(250);
			messages = await messagesOf(b.url, account);
		}
		const replies = messages.filter((m) => m.role === 'assistant');
		const perQuestion = new Map<string, number>();
		for (const reply of replies) {
			perQuestion.set(reply.replyTo ?? '', (perQuestion.get(reply.replyTo ?? '') ?? 0) + 1);
		}
		const questions = records.flatMap((r) => (r.type === 'message' ? [r.id] : []));
		const missing = questions.filter((q) => !perQuestion.has(q));
		const doubled = [...perQuestion.values()].filter((n) => n > 1).length;
		// The killed instance was writing replies: they were asked of the model again.
		expect(provider.requests.length).toBeGreaterThan(SESSIONS * QUESTIONS);
		expect({ missing, doubled, incomplete: replies.length - complete().length }).toEqual({
			missing: [],
			doubled: 0,
			incomplete: 0
		});
	}, 120_000);
});
