import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from './fake-provider';
import { freePort } from './free-port';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function complete(url: string, content: string, extra: Record<string, unknown> = {}) {
	return fetch(`${url}/chat/completions`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			model: 'fake-small',
			messages: [{ role: 'user', content }],
			stream: true,
			stream_options: { include_usage: true },
			...extra
		})
	});
}

/** The JSON data lines of an OpenAI event stream, and whether it ended with [DONE]. */
function dataLines(text: string): { chunks: unknown[]; done: boolean } {
	const lines = text
		.split('\n\n')
		.filter((block) => block.startsWith('data: '))
		.map((block) => block.slice('data: '.length));
	return {
		chunks: lines.filter((l) => l !== '[DONE]').map((l) => JSON.parse(l) as unknown),
		done: lines.at(-1) === '[DONE]'
	};
}

describe('the fake model provider', () => {
	let fake: FakeProvider;
	beforeAll(async () => {
		fake = await startFakeProvider();
	});
	afterAll(() => fake.close());

	it('streams an echo in OpenAI’s chunk format, usage last, then [DONE]', async () => {
		const response = await complete(fake.url, 'hi there');
		expect(response.headers.get('content-type')).toBe('text/event-stream');
		const { chunks, done } = dataLines(await response.text());
		expect(done).toBe(true);
		expect(chunks[0]).toMatchObject({
			object: 'chat.completion.chunk',
			choices: [{ index: 0, delta: { role: 'assistant' } }]
		});
		const text = chunks
			.flatMap((c) => (c as { choices: { delta: { content?: string } }[] }).choices)
			.map((choice) => choice.delta.content ?? '')
			.join('');
		expect(text).toBe('Echo: hi there');
		expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 5 } });
	});

	it('is driven over HTTP: a queue, then the default, and the requests it recorded', async () => {
		const control = await fetch(`${fake.origin}/control`, {
			method: 'POST',
			body: JSON.stringify({
				reset: true,
				queue: [{ kind: 'status', status: 503, retryAfter: 2 }],
				default: { kind: 'reply', text: 'fixed' }
			})
		});
		expect(await control.json()).toEqual({ ok: true });
		const first = await complete(fake.url, 'one');
		expect(first.status).toBe(503);
		expect(first.headers.get('retry-after')).toBe('2');
		await first.text();
		const second = await complete(fake.url, 'two', { stream: false });
		expect(await second.json()).toMatchObject({
			choices: [{ message: { content: 'fixed' } }]
		});
		const recorded = (await (await fetch(`${fake.origin}/requests`)).json()) as {
			requests: { messages: { content: string }[] }[];
		};
		expect(recorded.requests.map((r) => r.messages[0]?.content)).toEqual(['one', 'two']);
	});

	it('refuses a control body it does not understand', async () => {
		const response = await fetch(`${fake.origin}/control`, {
			method: 'POST',
			body: JSON.stringify({ queue: [{ kind: 'explode' }] })
		});
		expect(response.status).toBe(400);
	});

	it('runs on its own with --port', async () => {
		const port = await freePort();
		const child = spawn(
			process.execPath,
			[
				'--import',
				'tsx',
				fileURLToPath(new URL('./fake-provider.ts', import.meta.url)),
				'--port',
				String(port)
			],
			{ cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }
		);
		try {
			const line = await new Promise<string>((resolve) =>
				child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString()))
			);
			expect(line).toContain(`http://127.0.0.1:${port}/v1`);
			const models = await fetch(`http://127.0.0.1:${port}/v1/models`);
			expect(await models.json()).toMatchObject({
				object: 'list',
				data: [{ id: 'fake-small' }, { id: 'fake-large' }, { id: 'fake-vision' }]
			});
		} finally {
			child.kill('SIGTERM');
		}
	});
});
