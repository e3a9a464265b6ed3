import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pacedLoad } from './paced-load';

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

/** `users` users offering `rate` requests a second for `seconds` to the server at `url`. */
const load = (url: string, users: number, rate: number, seconds: number) =>
	pacedLoad({
		url,
		path: '/p',
		users: Array.from({ length: users }, () => ({ headers: { 'content-type': 'text/plain' } })),
		rate,
		seconds,
		body: () => 'x'
	});

describe('pacedLoad', () => {
	it('offers exactly rate × seconds requests inside the window, each answered', async () => {
		const url = await slowServer(1);
		const result = await load(url, 4, 60, 0.5);
		expect(result.sent).toBe(30);
		expect(result.ok).toBe(30);
		expect(result.latencies).toHaveLength(30);
		expect(result.drainSeconds).toBeLessThan(0.5);
	});

	it('counts a latency from when the request was due, so a queue behind a slow answer shows', async () => {
		// One user, 10 requests due within 0.5 s, each answered after 150 ms on its one connection:
		// the last can only be answered about 1.5 s after the start, about 1 s after it was due.
		const url = await slowServer(150);
		const result = await load(url, 1, 20, 0.5);
		expect(result.ok).toBe(10);
		expect(Math.min(...result.latencies)).toBeGreaterThanOrEqual(140);
		expect(Math.max(...result.latencies)).toBeGreaterThan(800);
	});

	it('counts answers outside 2xx apart from the latencies', async () => {
		const url = await slowServer(1, 503);
		const result = await load(url, 2, 20, 0.3);
		expect(result.non2xx).toBe(6);
		expect(result.ok).toBe(0);
		expect(result.latencies).toEqual([]);
	});
});
