import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { BACKENDS, freshDatabase, type TestDatabase } from '../../../../tests/support/databases';
import { message, newUserId, remove, session, at } from '../../../../tests/support/records';
import { pullAll, push } from '../../../../tests/support/sync-calls';
import { scriptedModel } from '../../../../tests/support/scripted-model';
import type { Database } from '../db/database';
import type { MessageData } from '$lib/protocol/record';
import { ReplyRunner } from './reply-runner';
import { claimReply, stopReply } from './reply-store';
import { DEFAULT_WRITE_SETTINGS, type WriteSettings } from './write-reply';

const FAST: WriteSettings = { ...DEFAULT_WRITE_SETTINGS, leaseMs: 1_000, saveEveryMs: 50 };

async function until<T>(what: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const value = await what();
		if (value !== undefined) return value;
		if (Date.now() > end) throw new Error('timed out');
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

/** The user's live messages, oldest first. */
async function messages(db: Database, userId: string) {
	const { records } = await pullAll(db, userId, undefined);
	return records
		.flatMap((r) => (r.type === 'message' && r.op === 'upsert' ? [{ id: r.id, ...r.data }] : []))
		.sort((a, b) => (a.createdAt + a.id < b.createdAt + b.id ? -1 : 1));
}

async function repliesTo(db: Database, userId: string, questionId: string) {
	return (await messages(db, userId)).filter((m) => m.replyTo === questionId);
}

/** The reply to `questionId` once it has `status`. */
function replyOnce(db: Database, userId: string, questionId: string, status = 'complete') {
	return until(async () => {
		const [reply] = await repliesTo(db, userId, questionId);
		return reply?.status === status ? reply : undefined;
	});
}

const ask = (id: string, sessionId: string, seconds: number, data: Partial<MessageData> = {}) =>
	message(id, sessionId, {
		content: `question ${id}`,
		replyRequest: uuidv7(),
		createdAt: at(seconds),
		updatedAt: at(seconds),
		...data
	});

describe.each(BACKENDS)('server replies on %s', (backend) => {
	let t: TestDatabase;
	const runners: ReplyRunner[] = [];
	const model = scriptedModel();
	const startRunner = async (db: Database = t.db, settings = FAST) => {
		const runner = new ReplyRunner({
			db,
			provider: model.provider,
			settings,
			slots: 4,
			userLimit: 2,
			pollMs: 100
		});
		runners.push(runner);
		await runner.start();
		return runner;
	};
	beforeAll(async () => {
		t = await freshDatabase(backend);
	});
	afterEach(async () => {
		await Promise.all(runners.splice(0).map((r) => r.close()));
	});
	afterAll(() => t.close());

	it('writes one reply to a question, after it, counted once', async () => {
		const user = newUserId();
		await push(t.db, user, [await session('s1'), await ask('q1', 's1', 10)]);
		await startRunner();
		const reply = await replyOnce(t.db, user, 'q1');
		expect(reply).toMatchObject({
			role: 'assistant',
			content: 'Re: question q1',
			model: 'scripted-model',
			sessionId: 's1',
			replyTo: 'q1',
			createdAt: new Date(Date.parse(at(10)) + 1).toISOString(),
			outputTokens: 5
		});
		const [usage] = await t.db.query<{ messages_sent: number; messages_received: number }>(
			'select messages_sent, messages_received from usage_daily where user_id = $1',
			[user]
		);
		expect(usage).toEqual({ messages_sent: 1, messages_received: 1 });
		const [stats] = await t.db.query<{ message_count: number; last_message_id: string }>(
			'select message_count, last_message_id from chat_sessions where user_id = $1',
			[user]
		);
		expect(stats).toEqual({ message_count: 2, last_message_id: reply.id });
	});

	it('answers the same request once, and a new request by rewriting the same reply', async () => {
		const user = newUserId();
		const question = await ask('q1', 's1', 10);
		await push(t.db, user, [await session('s1'), question]);
		await startRunner();
		const first = await replyOnce(t.db, user, 'q1');
		// The same record again (a replay from another device) asks for nothing new.
		await push(t.db, user, [question]);
		model.then({ kind: 'reply', text: 'second thoughts' });
		const again = await message('q1', 's1', {
			content: 'question q1',
			replyRequest: uuidv7(),
			createdAt: at(10),
			updatedAt: at(20)
		});
		await push(t.db, user, [again]);
		const second = await until(async () => {
			const [reply] = await repliesTo(t.db, user, 'q1');
			return reply?.content === 'second thoughts' && reply.status === 'complete'
				? reply
				: undefined;
		});
		expect(second.id).toBe(first.id);
		expect(await repliesTo(t.db, user, 'q1')).toHaveLength(1);
		const [usage] = await t.db.query<{ messages_received: number; output_tokens: string }>(
			'select messages_received, output_tokens::text from usage_daily where user_id = $1',
			[user]
		);
		expect(usage).toEqual({ messages_received: 1, output_tokens: '10' });
	});

	it('answers the questions of a session in order, each seeing the replies before it', async () => {
		const user = newUserId();
		await push(t.db, user, [
			await session('s1'),
			await ask('q1', 's1', 10),
			await ask('q2', 's1', 11)
		]);
		await startRunner();
		await replyOnce(t.db, user, 'q2');
		const conversation = (await messages(t.db, user)).map((m) => m.content);
		expect(conversation).toEqual([
			'question q1',
			'Re: question q1',
			'question q2',
			'Re: question q2'
		]);
		const seenBySecond = model.seen.find((c) => c.at(-1)?.content === 'question q2');
		expect(seenBySecond?.map((m) => m.content)).toEqual([
			'question q1',
			'Re: question q1',
			'question q2'
		]);
	});

	it('gives a reply the newest messages up to about 400,000 characters, its question always', async () => {
		const user = newUserId();
		const long = [];
		for (let n = 1; n <= 5; n++) {
			long.push(
				await message(`long${n}`, 's1', {
					content: `${n}`.repeat(100_000),
					createdAt: at(n),
					updatedAt: at(n)
				})
			);
		}
		await push(t.db, user, [await session('s1'), ...long, await ask('q1', 's1', 10)]);
		await startRunner();
		await replyOnce(t.db, user, 'q1');
		const seen = model.seen.find((c) => c.at(-1)?.content === 'question q1' && c.length > 1);
		expect(seen?.map((m) => m.content[0])).toEqual(['2', '3', '4', '5', 'q']);
	});

	it('stops a reply being written and keeps its text', async () => {
		const user = newUserId();
		model.then({ kind: 'hang', text: 'partial answer' });
		await push(t.db, user, [await session('s1'), await ask('q1', 's1', 10)]);
		await startRunner();
		await until(async () => {
			const [reply] = await repliesTo(t.db, user, 'q1');
			return reply?.content === 'partial answer' ? reply : undefined;
		});
		expect(await stopReply(t.db, user, 'q1')).toBe(true);
		const stopped = await replyOnce(t.db, user, 'q1', 'stopped');
		expect(stopped.content).toBe('partial answer');
		expect(await stopReply(t.db, user, 'q1')).toBe(false);
	});

	it('writes nothing for a question deleted before its reply', async () => {
		const user = newUserId();
		model.then({ kind: 'hang', text: 'about to be' });
		await push(t.db, user, [await session('s1'), await ask('q1', 's1', 10)]);
		await startRunner();
		await until(async () => ((await repliesTo(t.db, user, 'q1')).length > 0 ? true : undefined));
		await push(t.db, user, [remove('message', 'q1')]);
		const job = await until(async () => {
			const [row] = await t.db.query<{ state: string }>(
				'select state from reply_jobs where user_id = $1',
				[user]
			);
			return row?.state === 'cancelled' ? row : undefined;
		});
		expect(job.state).toBe('cancelled');
	});

	it('takes over a reply whose instance died, and still writes one', async () => {
		const user = newUserId();
		await push(t.db, user, [await session('s1'), await ask('q1', 's1', 10)]);
		// An instance claims it and dies: no renewal, no write.
		const dead = await claimReply(t.db, 300, 0);
		expect(dead?.messageId).toBe('q1');
		await startRunner();
		const reply = await replyOnce(t.db, user, 'q1');
		expect(reply.content).toBe('Re: question q1');
		const [job] = await t.db.query<{ attempts: number }>(
			'select attempts from reply_jobs where user_id = $1',
			[user]
		);
		expect(job?.attempts).toBe(2);
	});

	it('shares jobs between runners: every question gets exactly one reply', async () => {
		const user = newUserId();
		const sessions = [0, 1, 2, 3, 4, 5].map((n) => `s${n}`);
		const records = [];
		for (const s of sessions) {
			records.push(await session(s));
			for (let q = 0; q < 3; q++) records.push(await ask(`${s}q${q}`, s, 10 + q));
		}
		await push(t.db, user, records);
		await Promise.all([startRunner(t.db), startRunner(t.connect()), startRunner(t.connect())]);
		const all = await until(async () => {
			const list = await messages(t.db, user);
			const done = list.filter((m) => m.role === 'assistant' && m.status === 'complete');
			return done.length === 18 ? list : undefined;
		}, 20_000);
		for (const s of sessions) {
			for (let q = 0; q < 3; q++) {
				expect(all.filter((m) => m.replyTo === `${s}q${q}`)).toHaveLength(1);
			}
		}
	});
});
