import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
	expectProblem,
	postJson,
	pullAll,
	push,
	signUp,
	type Account
} from '../support/api-client';
import { batch, message, session } from '../support/records';
import { startServerOn, type ServerProcess } from '../support/server-process';

const KiB = 1024;
const MiB = 1024 * KiB;

/** A valid push of about `bytes`: a session and messages of up to 100,000 characters each. */
async function pushOfSize(prefix: string, bytes: number): Promise<string> {
	const records = [await session(`${prefix}-s`)];
	let size = 0;
	for (let i = 0; size < bytes - 100_000; i++) {
		const content = 'x'.repeat(Math.min(100_000, bytes - 100_000 - size));
		records.push(await message(`${prefix}-m${i}`, `${prefix}-s`, { content }));
		size += content.length + 400;
	}
	const text = JSON.stringify(batch(records));
	expect(text.length).toBeLessThanOrEqual(bytes);
	return text + ' '.repeat(bytes - text.length);
}

/** POSTs `text` as a stream, so that the request has no Content-Length. */
function postStreamed(url: string, account: Account, text: string): Promise<Response> {
	const bytes = Buffer.from(text);
	return new Promise((resolve, reject) => {
		let answered = false;
		const req = request(
			`${url}/api/sync/push`,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie: account.cookie, connection: 'close' }
			},
			(res) => {
				answered = true;
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => {
					const headers = Object.entries(res.headers).flatMap(([name, value]) =>
						typeof value === 'string' ? [[name, value] as [string, string]] : []
					);
					resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500, headers }));
				});
			}
		);
		// The server answers and closes while the body is still on its way: writing then fails
		// (EPIPE, a reset), which only says that it stopped reading. The answer is what counts.
		req.on('error', (error) => {
			setTimeout(() => {
				if (!answered) reject(error);
			}, 1000);
		});
		let offset = 0;
		const write = () => {
			while (offset < bytes.length) {
				const chunk = bytes.subarray(offset, (offset += 64 * KiB));
				if (!req.write(chunk)) return void req.once('drain', write);
			}
			req.end();
		};
		write();
	});
}

/** A chat request body of about `bytes`: user messages of up to 100,000 characters. */
function chatOfSize(bytes: number): string {
	const messages = [];
	for (let size = 0; size < bytes; size += 100_000) {
		messages.push({ role: 'user', content: 'y'.repeat(Math.min(100_000, bytes - size)) });
	}
	return JSON.stringify({ messages });
}

describe('body limits of a server started with `node build`', () => {
	let server: ServerProcess;
	let account: Account;
	beforeAll(async () => {
		server = await startServerOn('postgres', inject('postgresUrl'), { launcher: 'node-build' });
		account = await signUp(server.url);
	});
	afterAll(() => server?.stop());

	it.each([
		['600 KB', 600 * 1000],
		['1.9 MiB', 1.9 * MiB]
	])('applies a valid push of %s', async (name, bytes) => {
		const prefix = `size-${name.replace(/\W/g, '')}`;
		const response = await push(server.url, account, await pushOfSize(prefix, Math.floor(bytes)));
		const body = await response.text();
		expect({ status: response.status, body: body.slice(0, 200) }).toMatchObject({ status: 200 });
		const results = (JSON.parse(body) as { results: { status: string }[] }).results;
		expect(results.length).toBeGreaterThan(1);
		expect(new Set(results.map((r) => r.status))).toEqual(new Set(['inserted']));
	});

	it('answers a push of 2.5 MiB with 413 batch_too_large', async () => {
		const text = await pushOfSize('big', 2.5 * MiB);
		const response = await postJson(server.url, '/api/sync/push', text, {
			cookie: account.cookie,
			connection: 'close'
		});
		expect((await expectProblem(response, 413)).code).toBe('batch_too_large');
	});

	it.each(['/api/auth/login', '/api/auth/signup'])(
		'answers a body over 16 KiB to %s with 413',
		async (path) => {
			const text = JSON.stringify({ email: 'a@example.com', password: 'p'.repeat(16 * KiB) });
			const response = await postJson(server.url, path, text, { connection: 'close' });
			expect((await expectProblem(response, 413)).code).toBe('too_large');
		}
	);

	it('answers a valid chat of 600 KB with a reply', async () => {
		const response = await postJson(server.url, '/api/chat', chatOfSize(600 * 1000), {
			cookie: account.cookie
		});
		expect(response.status).toBe(200);
		expect(await response.text()).toContain('event: done');
	});

	it('answers a chat body over 4 MiB with 413', async () => {
		const text = chatOfSize(4 * MiB + 10);
		const response = await postJson(server.url, '/api/chat', text, {
			cookie: account.cookie,
			connection: 'close'
		});
		expect((await expectProblem(response, 413)).code).toBe('too_large');
	});
});

describe('a server whose operator sets BODY_SIZE_LIMIT below the app limits', () => {
	let server: ServerProcess;
	let account: Account;
	beforeAll(async () => {
		server = await startServerOn('postgres', inject('postgresUrl'), {
			launcher: 'node-build',
			env: { BODY_SIZE_LIMIT: '512K' }
		});
		account = await signUp(server.url);
	});
	afterAll(() => server?.stop());

	it('applies a push under that limit', async () => {
		const response = await push(server.url, account, await pushOfSize('under', 400 * 1000));
		expect(response.status).toBe(200);
	});

	it('answers a push over it with a Content-Length with 413 problem+json', async () => {
		const text = await pushOfSize('declared', 600 * 1000);
		const response = await postJson(server.url, '/api/sync/push', text, {
			cookie: account.cookie,
			connection: 'close'
		});
		expect((await expectProblem(response, 413)).code).toBe('batch_too_large');
	});

	it('answers a streamed push over it, cut off mid-stream, with 413 problem+json', async () => {
		const response = await postStreamed(
			server.url,
			account,
			await pushOfSize('streamed', 600 * 1000)
		);
		expect((await expectProblem(response, 413)).code).toBe('batch_too_large');
		expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
	});
});

describe('bodies that are not UTF-8', () => {
	let server: ServerProcess;
	let account: Account;
	beforeAll(async () => {
		server = await startServerOn('postgres', inject('postgresUrl'));
		account = await signUp(server.url);
	});
	afterAll(() => server?.stop());

	/** `text` as UTF-8 with the bytes of `bad` in place of the marker `@@`. */
	function withBytes(text: string, bad: number[]): Uint8Array<ArrayBuffer> {
		const [before = '', after = ''] = text.split('@@');
		const encoder = new TextEncoder();
		return new Uint8Array([...encoder.encode(before), ...bad, ...encoder.encode(after)]);
	}

	it('refuses a push with an invalid byte in a title with 400 invalid_encoding and stores nothing', async () => {
		const record = await session('enc-s1', { title: 'caf@@' });
		const text = JSON.stringify(batch([record]));
		const response = await fetch(`${server.url}/api/sync/push`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: account.cookie },
			body: withBytes(text, [0xe9])
		});
		expect((await expectProblem(response, 400)).code).toBe('invalid_encoding');
		expect(await pullAll(server.url, account)).toEqual([]);
	});

	it('refuses a sign-up whose password is not UTF-8 with 400 invalid_encoding', async () => {
		const text = JSON.stringify({ email: 'enc@example.com', password: 'long enough @@' });
		const response = await fetch(`${server.url}/api/auth/signup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: withBytes(text, [0xc3, 0x28])
		});
		expect((await expectProblem(response, 400)).code).toBe('invalid_encoding');
	});

	it('stores a title with characters beyond ASCII as sent', async () => {
		const record = await session('enc-s2', { title: 'Café 日本 🚀' });
		expect((await push(server.url, account, batch([record]))).status).toBe(200);
		const stored = await pullAll(server.url, account);
		expect(stored.map((r) => (r.op === 'upsert' ? r.data : undefined))).toEqual([
			expect.objectContaining({ title: 'Café 日本 🚀' })
		]);
	});
});
