import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	chooseFault,
	seededRandom,
	startFaultProxy,
	type FaultProxy,
	type FaultRates
} from './fault-proxy';

describe('the fault proxy', () => {
	let upstream: Server;
	let target = '';
	/** Requests the upstream server has answered, by path. */
	const answered: string[] = [];
	let proxy: FaultProxy | undefined;

	beforeAll(async () => {
		upstream = createServer((req, res) => {
			let body = '';
			req.on('data', (chunk: Buffer) => (body += chunk.toString()));
			req.on('end', () => {
				answered.push(req.url ?? '');
				res.writeHead(200, { 'content-type': 'text/plain', 'x-upstream': 'yes' });
				res.end(`${req.method} ${req.url} ${body}`);
			});
		});
		await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
		const address = upstream.address();
		target = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
	});
	afterEach(async () => {
		await proxy?.close();
		proxy = undefined;
		answered.length = 0;
	});
	afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

	const start = async (rates: FaultRates, extra: { delayMs?: number } = {}) => {
		proxy = await startFaultProxy({ target, rates, seed: 7, ...extra });
		return proxy;
	};
	const post = (url: string, path: string) =>
		fetch(`${url}${path}`, { method: 'POST', body: 'hello', signal: AbortSignal.timeout(5000) });

	it('passes requests and answers through unchanged without faults', async () => {
		const { url } = await start({});
		const response = await post(url, '/api/x?y=1');
		expect(response.status).toBe(200);
		expect(response.headers.get('x-upstream')).toBe('yes');
		expect(await response.text()).toBe('POST /api/x?y=1 hello');
	});

	it('drops the connection before the request reaches the server', async () => {
		const { url } = await start({ dropRequest: 1 });
		await expect(post(url, '/a')).rejects.toThrow();
		expect(answered).toEqual([]);
	});

	it('drops the answer after the server has handled the request', async () => {
		const { url, counts } = await start({ dropResponse: 1 });
		await expect(post(url, '/b')).rejects.toThrow();
		expect(answered).toEqual(['/b']);
		expect(counts()).toMatchObject({ requests: 1, dropResponse: 1 });
	});

	it('answers 503 with Retry-After without asking the server', async () => {
		const { url } = await start({ unavailable: 1 });
		const response = await post(url, '/c');
		expect(response.status).toBe(503);
		expect(response.headers.get('retry-after')).toBe('1');
		expect(answered).toEqual([]);
	});

	it('delays a request by the configured pause', async () => {
		const { url } = await start({ delay: 1 }, { delayMs: 150 });
		const started = performance.now();
		const response = await post(url, '/d');
		expect(response.status).toBe(200);
		expect(performance.now() - started).toBeGreaterThanOrEqual(140);
	});

	it('stops injecting faults once its rates are cleared', async () => {
		const { url, setRates } = await start({ dropRequest: 1 });
		setRates({});
		expect((await post(url, '/e')).status).toBe(200);
	});

	it('chooses the same faults for the same seed, at about the configured rates', () => {
		const rates: FaultRates = { dropRequest: 0.1, dropResponse: 0.1, delay: 0.2, unavailable: 0.1 };
		const draw = (seed: number) => {
			const random = seededRandom(seed);
			return Array.from({ length: 10_000 }, () => chooseFault(random(), rates));
		};
		const first = draw(42);
		expect(draw(42)).toEqual(first);
		expect(draw(43)).not.toEqual(first);
		const share = (fault: string | undefined) =>
			first.filter((f) => f === fault).length / first.length;
		expect(share('dropRequest')).toBeCloseTo(0.1, 1);
		expect(share('delay')).toBeCloseTo(0.2, 1);
		expect(share(undefined)).toBeCloseTo(0.5, 1);
	});
});
