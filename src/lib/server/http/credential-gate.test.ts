import http, { type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CredentialGate, presentedCredential, REFUSAL_HOLDS_HEADER } from './credential-gate';
import { guardServer } from './server-guard';

describe('presentedCredential', () => {
	it('takes the bearer token, else the session cookie, else nothing', () => {
		expect(presentedCredential({ authorization: 'Bearer abc', cookie: 'outpost_session=x' })).toBe(
			'abc'
		);
		expect(presentedCredential({ cookie: 'theme=dark; outpost_session=xyz; other=1' })).toBe('xyz');
		expect(presentedCredential({ cookie: 'not_outpost_session=xyz' })).toBeUndefined();
		expect(presentedCredential({ authorization: 'Basic abc' })).toBeUndefined();
		expect(presentedCredential({})).toBeUndefined();
	});

	it("takes the Supabase client's session cookie, whole or its first chunk", () => {
		expect(presentedCredential({ cookie: 'sb-abcd-auth-token=base64-one' })).toBe('base64-one');
		expect(
			presentedCredential({ cookie: 'x=1; sb-127-auth-token.0=base64-a; sb-127-auth-token.1=b' })
		).toBe('base64-a');
		expect(presentedCredential({ cookie: 'sb-abcd-auth-token-code-verifier=v' })).toBeUndefined();
	});
});

describe('the credential gate', () => {
	let server: Server | undefined;
	afterEach(async () => {
		server?.closeAllConnections();
		if (server) await new Promise((resolve) => server?.close(resolve));
		server = undefined;
	});

	async function serve(listener: RequestListener, max = 2): Promise<string> {
		server = guardServer(http.createServer(listener), {
			clientDir: '/nonexistent',
			gate: new CredentialGate(max)
		});
		await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	}

	const as = (token: string, init: RequestInit = {}): RequestInit => ({
		...init,
		headers: { authorization: `Bearer ${token}` }
	});

	it('answers an account past its cap 429 itself, before the handler and the body', async () => {
		const held: (() => void)[] = [];
		let holding = true;
		let handled = 0;
		const url = await serve((_req, res) => {
			handled++;
			if (holding) held.push(() => res.end('done'));
			else res.end('done');
		});
		const first = fetch(`${url}/api/chat`, as('a', { method: 'POST', body: 'x' }));
		const second = fetch(`${url}/api/chat`, as('a', { method: 'POST', body: 'x' }));
		await expect.poll(() => handled).toBe(2);
		const refused = await fetch(
			`${url}/api/chat`,
			as('a', { method: 'POST', body: 'x'.repeat(1e6) })
		);
		expect(refused.status).toBe(429);
		expect(refused.headers.get('content-type')).toBe('application/problem+json');
		expect(refused.headers.get('retry-after')).toBe('1');
		expect(refused.headers.get('connection')).toBe('close');
		expect(((await refused.json()) as { code: string }).code).toBe('rate_limited');
		// Another account, a request without a credential and a page are not counted with it.
		const other = fetch(`${url}/api/chat`, as('b'));
		const anonymous = fetch(`${url}/api/health`);
		await expect.poll(() => handled).toBe(4);
		expect(handled).toBe(4);
		holding = false;
		for (const answer of held.splice(0)) answer();
		expect((await first).status).toBe(200);
		await Promise.all([second, other, anonymous]);
		expect((await fetch(`${url}/api/chat`, as('a'))).status).toBe(200);
	});

	it('closes a refused connection at once instead of reading the rest of its body', async () => {
		const held: (() => void)[] = [];
		const url = await serve((_req, res) => held.push(() => res.end('done')), 1);
		const first = fetch(`${url}/api/chat`, as('a', { method: 'POST', body: 'x' }));
		await expect.poll(() => held.length).toBe(1);
		const sockets: Socket[] = [];
		server?.on('connection', (socket: Socket) => sockets.push(socket));
		// 16 MB that the client keeps sending while the server answers. The close resets the
		// connection (data unread), which the client may see before it has read the answer.
		const answer = await new Promise<number | string | undefined>((resolve) => {
			const req = http.request(`${url}/api/chat`, {
				method: 'POST',
				agent: false,
				headers: { authorization: 'Bearer a', 'content-length': 16 * 2 ** 20 }
			});
			req.on('response', (res) => {
				res.resume();
				resolve(res.statusCode);
			});
			req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code));
			const chunk = Buffer.alloc(2 ** 20, 'x');
			for (let i = 0; i < 16; i++) req.write(chunk);
			req.end();
		});
		expect([429, 'ECONNRESET', 'EPIPE']).toContain(answer);
		const [socket] = sockets;
		await expect.poll(() => socket?.destroyed).toBe(true);
		// The one read (64 KiB) that brought the headers; without the close Node goes on reading
		// what the kernel holds (here about 190 KiB), then more on each turn of its loop.
		expect(socket?.bytesRead).toBeLessThan(128 * 1024);
		for (const release of held.splice(0)) release();
		expect((await first).status).toBe(200);
	});

	it('lets a request go once its answer has started, so that open streams keep nothing out', async () => {
		const url = await serve((req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			if (req.url === '/api/sync/events') res.write('event: ready\n\n');
			else res.end();
		});
		const streams = await Promise.all([
			fetch(`${url}/api/sync/events`, as('a')),
			fetch(`${url}/api/sync/events`, as('a')),
			fetch(`${url}/api/sync/events`, as('a'))
		]);
		expect(streams.map((s) => s.status)).toEqual([200, 200, 200]);
		expect((await fetch(`${url}/api/sync/pull`, as('a'))).status).toBe(200);
	});

	it("repeats the app's standing 429 for that account and path until its Retry-After has passed", async () => {
		let handled = 0;
		const url = await serve((req, res) => {
			handled++;
			if (req.url === '/api/chat') {
				res.writeHead(429, { 'retry-after': '30', [REFUSAL_HOLDS_HEADER]: '1' }).end();
			} else if (req.url === '/api/busy') res.writeHead(429, { 'retry-after': '30' }).end();
			else res.end('ok');
		});
		const first = await fetch(`${url}/api/chat`, as('a', { method: 'POST' }));
		expect(first.status).toBe(429);
		expect(first.headers.get(REFUSAL_HOLDS_HEADER)).toBeNull();
		const repeated = await fetch(`${url}/api/chat`, as('a', { method: 'POST' }));
		expect(repeated.status).toBe(429);
		expect(Number(repeated.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
		expect(handled).toBe(1);
		// A 429 without the mark (a busy moment) is not repeated.
		expect((await fetch(`${url}/api/busy`, as('a'))).status).toBe(429);
		expect((await fetch(`${url}/api/busy`, as('a'))).status).toBe(429);
		expect(handled).toBe(3);
		// Only that account, that method and that path.
		expect((await fetch(`${url}/api/chat`, as('b', { method: 'POST' }))).status).toBe(429);
		expect((await fetch(`${url}/api/sync/pull`, as('a'))).status).toBe(200);
		expect(handled).toBe(5);
	});
});
