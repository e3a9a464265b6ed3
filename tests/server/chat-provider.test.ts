import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { postJson, signUp, type Account } from '../support/api-client';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider';
import { startServerOn, type ServerProcess } from '../support/server-process';

/** The events of a complete text/event-stream body, their data parsed. */
async function events(response: Response): Promise<{ event: string; data: unknown }[]> {
	return (await response.text())
		.split('\n\n')
		.filter((block) => block.trim() !== '')
		.map((block) => {
			const lines = block.split('\n');
			return {
				event: lines.find((l) => l.startsWith('event: '))?.slice('event: '.length) ?? 'message',
				data: JSON.parse(
					lines.find((l) => l.startsWith('data: '))?.slice('data: '.length) ?? 'null'
				) as unknown
			};
		});
}

describe('POST /api/chat with a model provider configured', () => {
	let fake: FakeProvider;
	let server: ServerProcess;
	let account: Account;
	const KEY = 'sk-outpost-test-key';
	beforeAll(async () => {
		fake = await startFakeProvider();
		server = await startServerOn('postgres', inject('postgresUrl'), {
			env: {
				LLM_BASE_URL: fake.url,
				LLM_API_KEY: KEY,
				LLM_MODEL: 'fake-large',
				LLM_TIMEOUT_MS: '1000'
			}
		});
		account = await signUp(server.url);
	});
	afterEach(() => fake.control({ reset: true }));
	afterAll(async () => {
		await server?.stop();
		await fake?.close();
	});

	const chat = (content: string) =>
		postJson(
			server.url,
			'/api/chat',
			{ messages: [{ role: 'user', content }] },
			{ cookie: account.cookie }
		);

	it('streams the provider’s reply and its usage, with the key sent to the provider only', async () => {
		fake.behave({ kind: 'reply', usage: { inputTokens: 9, outputTokens: 3 } });
		const seen = await events(await chat('Hi provider'));
		expect(seen.filter((e) => e.event === 'delta').map((e) => e.data)).toEqual([
			{ text: 'Echo:' },
			{ text: ' Hi' },
			{ text: ' provider' }
		]);
		expect(seen.at(-1)).toEqual({
			event: 'done',
			data: { model: 'fake-large', inputTokens: 9, outputTokens: 3, elapsedMs: expect.any(Number) }
		});
		expect(fake.requests).toMatchObject([{ model: 'fake-large', authorization: `Bearer ${KEY}` }]);
		expect(server.output()).not.toContain(KEY);
	});

	it.each([
		[{ kind: 'status', status: 401 } as const, 'The model provider refused the API key (401).'],
		[{ kind: 'status', status: 503 } as const, 'The model provider failed (503).'],
		[{ kind: 'hang' } as const, 'The model provider did not answer within 1 s.'],
		[{ kind: 'drop', afterChunks: 1 } as const, 'The reply stream dropped before it ended.']
	])('ends with a readable error event when the provider does %j', async (behaviour, message) => {
		fake.behave(behaviour);
		const seen = await events(await chat('Hello'));
		expect(seen.at(-1)).toEqual({ event: 'error', data: { message } });
		expect(JSON.stringify(seen)).not.toContain(KEY);
	});
});
