import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { pullAll, push, signUp, type Account } from '../support/api-client';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider';
import { at, batch, message, session } from '../support/records';
import { startServer, type ServerProcess } from '../support/server-process';

/** A server whose provider is the fake one, with a timeout of half a second. */
describe('replies when the model provider fails', () => {
	let provider: FakeProvider;
	let server: ServerProcess;
	let account: Account;
	beforeAll(async () => {
		provider = await startFakeProvider();
		server = await startServer({
			startTimeoutMs: 120_000,
			env: { LLM_BASE_URL: provider.url, LLM_MODEL: 'fake-small', LLM_TIMEOUT_MS: '500' }
		});
		account = await signUp(server.url);
	});
	afterAll(async () => {
		await server?.stop();
		await provider?.close();
	});

	const ask = async (id: string, seconds: number, createdAt = at(seconds)) => {
		const question = await message(id, `s-${id}`, {
			content: `question ${id}`,
			replyRequest: uuidv7(),
			createdAt,
			updatedAt: at(seconds)
		});
		const pushed = await push(server.url, account, batch([await session(`s-${id}`), question]));
		expect(pushed.status).toBe(200);
	};
	const replyTo = async (id: string) => {
		const records = await pullAll(server.url, account);
		const replies = records.flatMap((r) =>
			r.type === 'message' && r.op === 'upsert' && r.data.replyTo === id ? [r.data] : []
		);
		expect(replies.length).toBeLessThanOrEqual(1);
		return replies[0];
	};

	it('fails a reply whose provider hangs with a readable timeout, after trying three times', async () => {
		provider.behave([{ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' }]);
		await ask('hung', 10);
		// Failed meanwhile, saying when it is tried again; then failed for good.
		await expect
			.poll(async () => (await replyTo('hung'))?.error, { timeout: 15_000, interval: 100 })
			.toMatch(/did not answer within .*Trying again in/);
		await expect
			.poll(async () => (await replyTo('hung'))?.error, { timeout: 30_000, interval: 200 })
			.toMatch(/did not answer within [^.]*\.$/);
		expect((await replyTo('hung'))?.status).toBe('failed');
		expect(
			provider.requests.filter((r) => r.messages.at(-1)?.content === 'question hung')
		).toHaveLength(3);
	}, 60_000);

	it('fails a reply the provider refuses (401) at once, and a Retry then gets the reply', async () => {
		provider.behave({ kind: 'status', status: 401 });
		await ask('refused', 20);
		await expect
			.poll(async () => (await replyTo('refused'))?.status, { timeout: 15_000, interval: 200 })
			.toBe('failed');
		expect((await replyTo('refused'))?.error).toMatch(/401/);
		// Retry: the question again with a new replyRequest.
		await ask('refused', 30, at(20));
		await expect
			.poll(async () => (await replyTo('refused'))?.status, { timeout: 15_000, interval: 200 })
			.toBe('complete');
		expect((await replyTo('refused'))?.content).toBe('Echo: question refused');
	}, 60_000);
});
