import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_MODEL } from '$lib/chat/demo-reply';
import { startFakeProvider, type FakeProvider } from '../../../../tests/support/fake-provider';
import { freePort } from '../../../../tests/support/free-port';
import type { ModelEvent } from './model-provider';
import {
	chooseProvider,
	learnDefaultModel,
	NO_API_KEY,
	OPENROUTER_BASE_URL,
	OPENROUTER_DEFAULT_MODEL,
	openModelProvider,
	type ProviderConfig
} from './providers';

const none: ProviderConfig = {
	llmApiKey: undefined,
	llmBaseUrl: undefined,
	llmModel: undefined,
	llmTimeoutMs: 60_000
};
const LOCAL = 'http://localhost:11434/v1';

describe('chooseProvider', () => {
	it.each([
		['nothing set', {}, { kind: 'demo' }],
		[
			'only a key: OpenRouter and its default model',
			{ llmApiKey: 'k' },
			{ kind: 'openai', apiKey: 'k', baseUrl: OPENROUTER_BASE_URL, model: OPENROUTER_DEFAULT_MODEL }
		],
		[
			'a key and a model',
			{ llmApiKey: 'k', llmModel: 'anthropic/claude-3.5-haiku' },
			{ kind: 'openai', baseUrl: OPENROUTER_BASE_URL, model: 'anthropic/claude-3.5-haiku' }
		],
		[
			'only a base URL: no key needed, the first listed model',
			{ llmBaseUrl: LOCAL },
			{ kind: 'openai', apiKey: NO_API_KEY, baseUrl: LOCAL, model: undefined }
		],
		[
			'a base URL and a model',
			{ llmBaseUrl: LOCAL, llmModel: 'llama3.2' },
			{ kind: 'openai', apiKey: NO_API_KEY, baseUrl: LOCAL, model: 'llama3.2' }
		],
		[
			'a base URL and a key',
			{ llmBaseUrl: 'https://api.openai.com/v1', llmApiKey: 'k' },
			{ kind: 'openai', apiKey: 'k', baseUrl: 'https://api.openai.com/v1', model: undefined }
		],
		[
			'OpenRouter’s base URL named outright',
			{ llmBaseUrl: OPENROUTER_BASE_URL, llmApiKey: 'k' },
			{ kind: 'openai', model: OPENROUTER_DEFAULT_MODEL }
		],
		['a timeout', { llmApiKey: 'k', llmTimeoutMs: 500 }, { kind: 'openai', timeoutMs: 500 }]
	])('chooses for %s', (_name, config, choice) => {
		expect(chooseProvider({ ...none, ...config })).toMatchObject(choice);
	});
});

describe('openModelProvider', () => {
	let fake: FakeProvider;
	beforeAll(async () => {
		fake = await startFakeProvider();
	});
	afterAll(() => fake.close());

	it('answers with the demo model when nothing is set', async () => {
		const provider = openModelProvider(none);
		expect(provider.defaultModel).toBe(DEMO_MODEL);
		expect(await provider.models()).toEqual([DEMO_MODEL]);
	});

	it('replies through the API at LLM_BASE_URL', async () => {
		const provider = openModelProvider({ ...none, llmBaseUrl: fake.url, llmModel: 'fake-large' });
		const events: ModelEvent[] = [];
		const signal = new AbortController().signal;
		for await (const event of provider.stream({
			messages: [{ role: 'user', content: 'ping' }],
			signal
		}))
			events.push(event);
		expect(events.filter((e) => e.type === 'text').map((e) => e.text)).toEqual(['Echo:', ' ping']);
		expect(fake.requests.at(-1)).toMatchObject({
			model: 'fake-large',
			authorization: `Bearer ${NO_API_KEY}`
		});
	});
});

describe('learnDefaultModel', () => {
	let fake: FakeProvider;
	beforeAll(async () => {
		fake = await startFakeProvider();
	});
	afterAll(() => fake.close());

	it('makes the first listed model the default before the first reply', async () => {
		const provider = openModelProvider({ ...none, llmBaseUrl: fake.url });
		await learnDefaultModel(provider);
		expect(provider.defaultModel).toBe('fake-small');
	});

	it('says in the log when the provider cannot be reached', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		try {
			const url = `http://127.0.0.1:${await freePort()}/v1`;
			const provider = openModelProvider({ ...none, llmBaseUrl: url });
			await learnDefaultModel(provider);
			expect(provider.defaultModel).toBe('');
			expect(warn).toHaveBeenCalledWith(expect.stringMatching(/LLM_MODEL is not set/));
		} finally {
			warn.mockRestore();
		}
	});

	it('waits no longer than it is given for a provider that does not answer', async () => {
		const sockets = new Set<Socket>();
		const silent = createServer((socket) => sockets.add(socket));
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		const { port } = silent.address() as AddressInfo;
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		try {
			const provider = openModelProvider({
				...none,
				llmBaseUrl: `http://127.0.0.1:${port}/v1`,
				llmTimeoutMs: 200
			});
			const started = Date.now();
			await learnDefaultModel(provider, 50);
			expect(Date.now() - started).toBeLessThan(190);
			expect(provider.defaultModel).toBe('');
		} finally {
			await new Promise((resolve) => setTimeout(resolve, 300));
			warn.mockRestore();
			for (const socket of sockets) socket.destroy();
			silent.close();
		}
	});
});
