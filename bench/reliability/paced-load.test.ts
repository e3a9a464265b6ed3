import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pacedLoad, percentile } from './paced-load';

let server: Server | undefined;

/** A server that answers every POST with `status` after `delayMs`, one request at a time per connection. */
async function slowServer(delayMs: number, status = 200): Promise<string> {
	server = createServer((request, response) => {
		request.resume();
		request.on('end', () =>
			setTimeout(
				() => response.writeHead(status, { 'content-type': 'text/plain' }).end('ok'),
				delayMs
			)
		);
	});
	await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
	const running = server;
	server = undefined;
	if (!running) return;
	running.closeAllConnections();
	await new Promise((resolve) => running.close(resolve));
});

const users = (n: number) =>
	Array.from({ length: n }, () => ({ headers: { 'content-type': 'text/plain' } }));

describe('pacedLoad', () => {
	it('offers exactly rate × seconds requests inside the window, each answered', async () => {
		const url = await slowServer(1);
		const result = await pacedLoad({
			url,
			path: '/p',
			users: users(4),
			rate: 60,
			seconds: 0.5,
			body: () => 'x'
		});
		expect(result.sent).toBe(30);
		expect(result.ok).toBe(30);
		expect(result.latencies).toHaveLength(30);
		expect(result.drainSeconds).toBeLessThan(0.5);
	});

	it('counts a latency from when the request was due, so a queue behind a slow answer shows', async () => {
		// One user, 10 requests due within 0.5 s, each answered after 150 ms on its one connection:
		// the last can only be answered about 1.5 s after the start, about 1 s after it was due.
		const url = await slowServer(150);
		const result = await pacedLoad({
			url,
			path: '/p',
			users: users(1),
			rate: 20,
			seconds: 0.5,
			body: () => 'x'
		});
		expect(result.ok).toBe(10);
		expect(percentile(result.latencies, 0)).toBeGreaterThanOrEqual(140);
		expect(percentile(result.latencies, 1)).toBeGreaterThan(800);
	});

	it('counts answers outside 2xx apart from the latencies', async () => {
		const url = await slowServer(1, 503);
		const result = await pacedLoad({
			url,
			path: '/p',
			users: users(2),
			rate: 20,
			seconds: 0.3,
			body: () => 'x'
		});
		expect(result.non2xx).toBe(6);
		expect(result.ok).toBe(0);
		expect(result.latencies).toEqual([]);
	});
});

describe('percentile', () => {
	it('takes the nearest rank', () => {
		const values = Array.from({ length: 100 }, (_, i) => i + 1);
		expect(percentile(values, 0.5)).toBe(50);
		expect(percentile(values, 0.99)).toBe(99);
		expect(percentile(values, 1)).toBe(100);
		expect(percentile([], 0.5)).toBeNaN();
	});
});
