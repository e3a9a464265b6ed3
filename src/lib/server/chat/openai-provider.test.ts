import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { replyUsage } from '$lib/chat/demo-reply';
import { startFakeProvider, type FakeProvider } from '../../../../tests/support/fake-provider';
import { freePort } from '../../../../tests/support/free-port';
import { ProviderError, type ModelEvent, type ReplyRequest } from './model-provider';
import { openAiProvider, type OpenAiProviderOptions } from './openai-provider';

const KEY = 'sk-test-secret-key';
const MESSAGES: ReplyRequest['messages'] = [
	{ role: 'system', content: 'Be brief.' },
	{ role: 'user', content: 'Hello there' }
];

describe('the OpenAI-compatible provider', () => {
	let fake: FakeProvider;
	beforeAll(async () => {
		fake = await startFakeProvider();
	});
	afterEach(() => fake.control({ reset: true }));
	afterAll(() => fake.close());

	const provider = (options: Partial<OpenAiProviderOptions> = {}) =>
		openAiProvider({
			apiKey: KEY,
			baseUrl: fake.url,
			model: 'fake-small',
			timeoutMs: 2000,
			...options
		});

	async function collect(
		events: AsyncIterable<ModelEvent>
	): Promise<{ events: ModelEvent[]; text: string; error?: ProviderError }> {
		const seen: ModelEvent[] = [];
		try {
			for await (const event of events) seen.push(event);
		} catch (error) {
			if (!(error instanceof ProviderError)) throw error;
			return { events: seen, text: textOf(seen), error };
		}
		return { events: seen, text: textOf(seen) };
	}
	const textOf = (events: ModelEvent[]) =>
		events.map((e) => (e.type === 'text' ? e.text : '')).join('');
	const reply = (
		options: Partial<OpenAiProviderOptions> = {},
		request: Partial<ReplyRequest> = {}
	) =>
		collect(
			provider(options).stream({
				messages: MESSAGES,
				signal: new AbortController().signal,
				...request
			})
		);

	it('streams the reply as text events and ends with the usage the provider counted', async () => {
		fake.behave({ kind: 'reply', usage: { inputTokens: 11, outputTokens: 4 } });
		const { events, text } = await reply();
		expect(text).toBe('Echo: Hello there');
		expect(events.filter((e) => e.type === 'text').length).toBe(3);
		expect(events.at(-1)).toEqual({ type: 'usage', inputTokens: 11, outputTokens: 4 });
		expect(events.filter((e) => e.type === 'usage')).toHaveLength(1);
		expect(fake.requests).toEqual([
			{
				model: 'fake-small',
				messages: MESSAGES,
				stream: true,
				includeUsage: true,
				authorization: `Bearer ${KEY}`
			}
		]);
	});

	it('estimates the usage when the provider sends none', async () => {
		fake.behave({ kind: 'reply', text: 'One two three four five.', usage: false });
		const { events, text } = await reply();
		expect(text).toBe('One two three four five.');
		expect(events.at(-1)).toEqual({ type: 'usage', ...replyUsage(MESSAGES, text) });
	});

	it('asks for the model the request names, and the default model otherwise', async () => {
		await reply({}, { model: 'fake-large' });
		await reply({}, { model: null });
		expect(fake.requests.map((r) => r.model)).toEqual(['fake-large', 'fake-small']);
	});

	it.each([
		[401, 'auth', 'The model provider refused the API key (401).'],
		[403, 'auth', 'The model provider refused the API key (403).'],
		[
			400,
			'refused',
			'The model provider refused the request (400); the model "fake-small" may not exist.'
		],
		[
			404,
			'refused',
			'The model provider refused the request (404); the model "fake-small" may not exist.'
		],
		[
			422,
			'refused',
			'The model provider refused the request (422); the model "fake-small" may not exist.'
		],
		[500, 'server', 'The model provider failed (500).'],
		[503, 'server', 'The model provider failed (503).']
	] as const)(
		'turns a %i answer into a %s error with a readable message',
		async (status, kind, message) => {
			fake.behave({ kind: 'status', status });
			const { events, error } = await reply();
			expect(events).toEqual([]);
			expect(error).toMatchObject({ name: 'ProviderError', kind, message, status });
			expect(error?.retryable).toBe(kind === 'server');
		}
	);

	it('turns a 429 into a retryable rate error that honours Retry-After', async () => {
		fake.behave({ kind: 'status', status: 429, retryAfter: 7 });
		const { error } = await reply();
		expect(error).toMatchObject({
			kind: 'rate',
			retryable: true,
			retryAfterMs: 7000,
			message: 'The model provider is rate limiting (429); trying again later.'
		});
	});

	it('asks once: the client does not retry on its own', async () => {
		fake.behave({ kind: 'status', status: 500 });
		expect((await reply()).error?.kind).toBe('server');
		expect(fake.requests).toHaveLength(1);
	});

	it.each([
		['sends its headers and then nothing', true],
		['never answers', false]
	])('times out when the provider %s', async (_name, headers) => {
		fake.behave({ kind: 'hang', headers });
		const started = Date.now();
		const { error } = await reply({ timeoutMs: 300 });
		expect(error).toMatchObject({
			kind: 'timeout',
			retryable: true,
			message: 'The model provider did not answer within 300 ms.'
		});
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
		expect(Date.now() - started).toBeLessThan(2000);
	});

	it('times out when the chunks stop coming for the timeout', async () => {
		fake.behave({ kind: 'reply', text: 'slow words here', chunkDelayMs: 700 });
		const { text, error } = await reply({ timeoutMs: 300 });
		expect(text).toBe('slow');
		expect(error?.kind).toBe('timeout');
	});

	it('waits as long as each chunk comes within the timeout', async () => {
		fake.behave({ kind: 'reply', text: 'a b c d e f', chunkDelayMs: 100 });
		const { text, error } = await reply({ timeoutMs: 300 });
		expect(error).toBeUndefined();
		expect(text).toBe('a b c d e f');
	});

	it('reports a stream cut off mid-reply as dropped, after the text that came', async () => {
		fake.behave({ kind: 'drop', afterChunks: 2 });
		const { text, error } = await reply();
		expect(text).toBe('Echo: Hello');
		expect(error).toMatchObject({
			kind: 'dropped',
			retryable: true,
			message: 'The reply stream dropped before it ended.'
		});
	});

	it('reports a provider it cannot connect to as a retryable server error', async () => {
		const { error } = await reply({ baseUrl: `http://127.0.0.1:${await freePort()}/v1` });
		expect(error).toMatchObject({
			kind: 'server',
			retryable: true,
			message: 'The model provider cannot be reached.'
		});
	});

	it('stops promptly and quietly, without usage, when the signal aborts mid-reply', async () => {
		fake.behave({ kind: 'reply', text: 'one two three four five six', chunkDelayMs: 500 });
		const abort = new AbortController();
		const events: ModelEvent[] = [];
		let stoppedAt = 0;
		for await (const event of provider().stream({ messages: MESSAGES, signal: abort.signal })) {
			events.push(event);
			setTimeout(() => {
				stoppedAt = Date.now();
				abort.abort();
			}, 50);
		}
		expect(Date.now() - stoppedAt).toBeLessThan(200);
		expect(events).toEqual([{ type: 'text', text: 'one' }]);
	});

	it('stops promptly when the signal aborts before the provider answers', async () => {
		fake.behave({ kind: 'hang', headers: false });
		const abort = new AbortController();
		setTimeout(() => abort.abort(), 100);
		const started = Date.now();
		const { events, error } = await reply({}, { signal: abort.signal });
		expect({ events, error }).toEqual({ events: [], error: undefined });
		expect(Date.now() - started).toBeLessThan(1000);
	});

	it('never shows the API key in its errors', async () => {
		fake.behave({ kind: 'status', status: 401 });
		const { error } = await reply();
		expect(inspect(error, { depth: 10 })).not.toContain(KEY);
	});

	describe('models()', () => {
		it('lists the provider’s models and keeps the list for a while', async () => {
			const models = provider();
			expect(await models.models()).toEqual(['fake-small', 'fake-large', 'fake-vision']);
			fake.setModels(['other']);
			expect(await models.models()).toEqual(['fake-small', 'fake-large', 'fake-vision']);
			expect(fake.modelLists()).toBe(1);
		});

		it('asks again once the kept list is old', async () => {
			const models = provider({ modelList: { ttlMs: 0 } });
			await models.models();
			fake.setModels(['other']);
			expect(await models.models()).toEqual(['other']);
			expect(fake.modelLists()).toBe(2);
		});

		it('falls back to the default model when the list cannot be read', async () => {
			fake.setModels({ status: 500 });
			expect(await provider().models()).toEqual(['fake-small']);
			const away = provider({ baseUrl: `http://127.0.0.1:${await freePort()}/v1` });
			expect(await away.models()).toEqual(['fake-small']);
		});

		it('makes the first listed model the default when none is set', async () => {
			const listed = provider({ model: undefined });
			expect(listed.defaultModel).toBe('');
			await reply({ model: undefined });
			expect(fake.requests.map((r) => r.model)).toEqual(['fake-small']);
			await listed.models();
			expect(listed.defaultModel).toBe('fake-small');
		});

		it('refuses to reply without a model when none is set and none is listed', async () => {
			fake.setModels([]);
			const { error } = await reply({ model: undefined });
			expect(error).toMatchObject({ kind: 'refused', retryable: false });
			expect(error?.message).toMatch(/LLM_MODEL/);
			expect(fake.requests).toEqual([]);
		});
	});
});
