import { createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http, { type RequestListener, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	DEFAULT_LISTEN_BACKLOG,
	guardNewServers,
	guardServer,
	isMissingBuildFile,
	listenBacklog
} from './server-guard';

describe('the server guard', () => {
	let clientDir: string;
	let server: Server | undefined;
	const logged: string[] = [];
	const options = () => ({ clientDir, log: (message: string) => logged.push(message) });

	beforeEach(() => {
		clientDir = mkdtempSync(join(tmpdir(), 'outpost-client-'));
		mkdirSync(join(clientDir, '_app', 'immutable', 'assets'), { recursive: true });
		writeFileSync(join(clientDir, '_app', 'immutable', 'assets', 'app.css'), 'body{}');
		logged.length = 0;
	});
	afterEach(async () => {
		server?.closeAllConnections();
		if (server) await new Promise((resolve) => server?.close(resolve));
		server = undefined;
		rmSync(clientDir, { recursive: true, force: true });
	});

	/** Starts a guarded server with `listener` behind the guard and returns its URL. */
	async function serve(listener: RequestListener): Promise<string> {
		server = guardServer(http.createServer(listener), options());
		await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	}

	it('sets the security headers on every response, which a handler may still override', async () => {
		const url = await serve((req, res) => {
			if (req.url === '/own') res.setHeader('content-security-policy', "default-src 'self'");
			res.end('ok');
		});
		const page = await fetch(`${url}/`);
		expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
		expect(page.headers.get('x-content-type-options')).toBe('nosniff');
		expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
		expect(page.headers.get('x-frame-options')).toBe('DENY');
		const api = await fetch(`${url}/api/health`);
		expect(api.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
		const own = await fetch(`${url}/own`);
		expect(own.headers.get('content-security-policy')).toBe("default-src 'self'");
	});

	it('ends a request as soon as its client closes its side, and leaves answered ones alone', async () => {
		let seen: string | undefined;
		const url = await serve((req, res) => {
			if (req.url !== '/slow') return void res.end('ok');
			// What the app would see once the connection's end has been read.
			req.socket.once('end', () => (seen = req.destroyed ? 'request ended' : 'request open'));
			setTimeout(() => res.end('late'), 50);
		});
		// A client that sends its request and closes its side at once, as one that gives up does.
		const socket = connect(Number(new URL(url).port), '127.0.0.1', () =>
			socket.end('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n')
		);
		socket.resume();
		await new Promise((resolve) => socket.once('close', resolve));
		expect(seen).toBe('request ended');
		// Answered requests on one kept-alive connection leave no listener behind.
		const accepted: Socket[] = [];
		server?.on('connection', (s: Socket) => accepted.push(s));
		const kept = new http.Agent({ keepAlive: true, maxSockets: 1 });
		const get = () =>
			new Promise((resolve) =>
				http.get(`${url}/fast`, { agent: kept }, (res) => res.resume().on('end', resolve))
			);
		await get();
		const listeners = accepted[0]?.listenerCount('end');
		for (let i = 0; i < 20; i++) await get();
		expect(accepted).toHaveLength(1);
		expect(accepted[0]?.listenerCount('end')).toBe(listeners);
		kept.destroy();
	});

	it('answers a hashed build file that is gone with 404 before the handler runs', async () => {
		let handled = 0;
		const url = await serve((_req, res) => {
			handled++;
			res.end('handler');
		});
		expect((await fetch(`${url}/_app/immutable/assets/app.css`)).status).toBe(200);
		const gone = await fetch(`${url}/_app/immutable/assets/old.css`);
		expect(gone.status).toBe(404);
		expect(gone.headers.get('cache-control')).toBe('no-store');
		expect(gone.headers.get('x-content-type-options')).toBe('nosniff');
		expect(await gone.text()).toBe('Not Found');
		expect(handled).toBe(1);
	});

	it('cuts the response, and stays up, when a file read fails after its headers were sent', async () => {
		const missing = join(clientDir, 'deleted-meanwhile.js');
		const url = await serve((req, res) => {
			if (req.url === '/health') return void res.end('up');
			// What the static file server does for a file it listed at start-up.
			res.writeHead(200, { 'content-length': '100' });
			createReadStream(missing).pipe(res);
		});
		await expect(fetch(`${url}/deleted-meanwhile.js`).then((r) => r.text())).rejects.toThrow();
		expect(await (await fetch(`${url}/health`)).text()).toBe('up');
		expect(logged.join('\n')).toContain('ENOENT');
	});

	it('answers 404 when a piped file cannot be read before anything was sent', async () => {
		const url = await serve((_req, res) => {
			createReadStream(join(clientDir, 'nothing-here')).pipe(res);
		});
		const response = await fetch(`${url}/nothing-here`);
		expect(response.status).toBe(404);
	});

	it('guards the servers a patched createServer makes from then on, once', () => {
		const made: Server[] = [];
		const module = {
			createServer: ((...args: Parameters<typeof http.createServer>) => {
				const created = http.createServer(...args);
				made.push(created);
				return created;
			}) as typeof http.createServer
		};
		guardNewServers(module, options());
		const patched = module.createServer;
		guardNewServers(module, options());
		expect(module.createServer).toBe(patched);
		const created = module.createServer();
		expect(made).toEqual([created]);
		expect(created.emit).not.toBe(http.Server.prototype.emit);
	});
});

describe('isMissingBuildFile', () => {
	const dir = '/srv/outpost/client';

	it.each([
		['/', false],
		['/service-worker.js', false],
		['/api/health', false],
		['/_app/version.json', false]
	])('leaves %s to the static file server', (path, missing) => {
		expect(isMissingBuildFile(dir, path)).toBe(missing);
	});

	it.each([
		['a file that does not exist', '/_app/immutable/chunks/gone.js'],
		['a path out of the folder', '/_app/immutable/../../../../etc/passwd'],
		['a folder', '/_app/immutable/']
	])('takes %s for missing', (_name, path) => {
		expect(isMissingBuildFile(dir, path)).toBe(true);
	});
});

describe('the listen backlog', () => {
	it("gives adapter-node's listen(options) the backlog, and leaves other calls alone", () => {
		const calls: unknown[][] = [];
		const server = http.createServer();
		server.listen = ((...args: unknown[]) => {
			calls.push(args);
			return server;
		}) as Server['listen'];
		guardServer(server, { clientDir: '/nonexistent', backlog: 4096 });
		const ready = () => undefined;
		server.listen({ host: '0.0.0.0', port: 3000 }, ready);
		server.listen({ port: 3001, backlog: 16 });
		server.listen(3002, '127.0.0.1');
		expect(calls).toEqual([
			[{ host: '0.0.0.0', port: 3000, backlog: 4096 }, ready],
			[{ port: 3001, backlog: 16 }],
			[3002, '127.0.0.1']
		]);
	});

	it('reads LISTEN_BACKLOG, and refuses a value that is not a positive whole number', () => {
		expect(listenBacklog(undefined)).toBe(DEFAULT_LISTEN_BACKLOG);
		expect(listenBacklog('')).toBe(DEFAULT_LISTEN_BACKLOG);
		expect(listenBacklog('128')).toBe(128);
		for (const bad of ['0', '-1', '1.5', 'many']) {
			expect(() => listenBacklog(bad)).toThrow(/LISTEN_BACKLOG/);
		}
	});
});
