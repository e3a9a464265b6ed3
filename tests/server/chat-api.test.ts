import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectProblem, postJson, signUp, type Account } from '../support/api-client';
import { startServerOn, type ServerProcess } from '../support/server-process';

interface ServerSentEvent {
	event: string;
	data: unknown;
}

/** Splits a complete text/event-stream body into its events. */
function parseEvents(text: string): ServerSentEvent[] {
	return text
		.split('\n\n')
		.filter((block) => block.trim() !== '')
		.map((block) => {
			const lines = block.split('\n');
			const event =
				lines.find((l) => l.startsWith('event: '))?.slice('event: '.length) ?? 'message';
			const data = lines
				.filter((l) => l.startsWith('data: '))
				.map((l) => l.slice('data: '.length))
				.join('\n');
			return { event, data: JSON.parse(data) as unknown };
		});
}

const MESSAGES = [
	{ role: 'system', content: 'Be brief.' },
	{ role: 'user', content: 'Hello there, outpost!' }
];
const REPLY =
	'You said: "Hello there, outpost!" (3 words, message 1 of this chat). ' +
	'I am the Outpost demo model, a local responder that answers without a model provider.';

describe('POST /api/chat', () => {
	let server: ServerProcess;
	let account: Account;
	beforeAll(async () => {
		server = await startServerOn('postgres', inject('postgresUrl'));
		account = await signUp(server.url);
	});
	afterAll(() => server?.stop());

	async function chat(
		messages: unknown
	): Promise<{ response: Response; events: ServerSentEvent[] }> {
		const response = await postJson(
			server.url,
			'/api/chat',
			{ messages },
			{ cookie: account.cookie }
		);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
		return { response, events: parseEvents(await response.text()) };
	}

	it('streams delta events and then one done event from outpost-demo', async () => {
		const { events } = await chat(MESSAGES);
		expect(events.length).toBeGreaterThan(2);
		expect(events.slice(0, -1).every((e) => e.event === 'delta')).toBe(true);
		const done = events.at(-1);
		expect(done?.event).toBe('done');
		const text = events
			.filter((e) => e.event === 'delta')
			.map((e) => (e.data as { text: string }).text)
			.join('');
		expect(text).toBe(REPLY);
		expect(done?.data).toEqual({
			model: 'outpost-demo',
			inputTokens: Math.ceil('Be brief.\nHello there, outpost!'.length / 4),
			outputTokens: Math.ceil(REPLY.length / 4),
			elapsedMs: expect.any(Number)
		});
	});

	it('answers the same conversation with the same events', async () => {
		const strip = (events: ServerSentEvent[]) =>
			events.map((e) =>
				e.event === 'done' ? { ...e, data: { ...(e.data as object), elapsedMs: 0 } } : e
			);
		const first = await chat(MESSAGES);
		const second = await chat(MESSAGES);
		expect(strip(second.events)).toEqual(strip(first.events));
	});

	it('answers without a session with 401', async () => {
		const response = await postJson(server.url, '/api/chat', { messages: MESSAGES });
		expect((await expectProblem(response, 401)).code).toBe('unauthenticated');
	});

	it.each([
		['an empty messages array', { messages: [] }, '/messages'],
		[
			'a message with an unknown role',
			{ messages: [{ role: 'robot', content: 'hi' }] },
			'/messages/0/role'
		],
		['no messages', {}, '/messages']
	])('answers %s with 400 and the path', async (_name, body, path) => {
		const response = await postJson(server.url, '/api/chat', body, { cookie: account.cookie });
		const problem = await expectProblem(response, 400);
		expect(problem.errors?.map((e) => e.path)).toContain(path);
	});
});
