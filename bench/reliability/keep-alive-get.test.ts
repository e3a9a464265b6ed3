import { Agent, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { keepAliveGet } from './keep-alive-get';

describe('keepAliveGet', () => {
	let server: Server | undefined;
	let agent: Agent | undefined;
	afterEach(async () => {
		agent?.destroy();
		server?.closeAllConnections();
		if (server) await new Promise((resolve) => server?.close(resolve));
	});

	async function serve(): Promise<string> {
		server = createServer((req, res) => {
			res.writeHead(req.url === '/missing' ? 404 : 200);
			res.end('{}');
		});
		await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	}

	it('says which GETs needed a connection of their own', async () => {
		const url = await serve();
		agent = new Agent({ keepAlive: true });
		const get = (path: string) =>
			keepAliveGet(agent!, `${url}${path}`, {}, AbortSignal.timeout(5000));
		expect(await get('/a')).toEqual({ status: 200, newConnection: true });
		expect(await get('/missing')).toEqual({ status: 404, newConnection: false });
		// Two at once: the idle connection takes one, the other opens a second.
		const both = await Promise.all([get('/b'), get('/c')]);
		expect(both.map((answer) => answer.newConnection).sort()).toEqual([false, true]);
		expect(await get('/d')).toEqual({ status: 200, newConnection: false });
	});

	it('rejects when the signal aborts before the answer', async () => {
		const url = await serve();
		agent = new Agent({ keepAlive: true });
		await expect(keepAliveGet(agent, `${url}/a`, {}, AbortSignal.abort())).rejects.toThrow();
	});
});
