import {
	Agent,
	createServer,
	request as httpRequest,
	type IncomingMessage,
	type ServerResponse
} from 'node:http';
import type { Socket } from 'node:net';

/** What the proxy may do to one request instead of passing it through. */
export const FAULTS = ['dropRequest', 'dropResponse', 'delay', 'unavailable'] as const;
export type Fault = (typeof FAULTS)[number];

/**
 * The share of requests (0–1 each, summing to at most 1) that get each fault:
 * - `dropRequest`: the connection is closed before the request reaches the server;
 * - `dropResponse`: the request is forwarded and the server's whole answer read (so whatever it
 *   commits is committed), then the client's connection is closed without a byte of it;
 * - `delay`: forwarded after a pause of `delayMs`;
 * - `unavailable`: answered `503` with `Retry-After` by the proxy itself.
 */
export type FaultRates = Partial<Record<Fault, number>>;

/** How to start a fault proxy. */
export interface FaultProxyOptions {
	/** The server to forward to, `http://host:port`. */
	target: string;
	rates?: FaultRates;
	/** Seed of the choice of faults: the same seed and the same requests give the same faults. */
	seed?: number;
	/** Pause of a delayed request in ms: a fixed value or a range drawn from uniformly. */
	delayMs?: number | { min: number; max: number };
	/** Retry-After of a `503`, in seconds (default 1). */
	retryAfterSeconds?: number;
	/** Which requests may get a fault (default: all); the others always pass. */
	applies?: (method: string, path: string) => boolean;
	/** Port on 127.0.0.1 to listen on (default: any free one). */
	port?: number;
}

/** A running fault proxy. */
export interface FaultProxy {
	/** `http://127.0.0.1:<port>`, no trailing slash. */
	readonly url: string;
	readonly port: number;
	/** Changes the fault rates from the next request on (`{}` passes everything). */
	setRates(rates: FaultRates): void;
	/** Forwards to another server from the next request on (a restarted one, say). */
	setTarget(target: string): void;
	/** Requests seen so far, and how many got each fault. */
	counts(): { requests: number } & Record<Fault, number>;
	/** Stops listening and closes every open connection. */
	close(): Promise<void>;
}

/** A small seeded pseudo-random generator (mulberry32): numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Picks the fault for one request from a draw in [0, 1), or undefined to pass it through. */
export function chooseFault(draw: number, rates: FaultRates): Fault | undefined {
	let edge = 0;
	for (const fault of FAULTS) {
		edge += rates[fault] ?? 0;
		if (draw < edge) return fault;
	}
	return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts an HTTP proxy on 127.0.0.1 in front of `target` that injects faults at the given rates,
 * for tests and benchmarks of what a flaky network does to the sync protocol.
 */
export function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
	const random = seededRandom(options.seed ?? 1);
	let rates: FaultRates = options.rates ?? {};
	let target = new URL(options.target);
	const counts = { requests: 0, dropRequest: 0, dropResponse: 0, delay: 0, unavailable: 0 };
	const agent = new Agent({ keepAlive: true });
	const sockets = new Set<Socket>();

	const delay = () => {
		const spec = options.delayMs ?? 200;
		return typeof spec === 'number' ? spec : spec.min + random() * (spec.max - spec.min);
	};

	const forward = (req: IncomingMessage, res: ServerResponse, dropAnswer: boolean) => {
		const upstream = httpRequest(
			{
				host: target.hostname,
				port: target.port,
				method: req.method,
				path: req.url,
				headers: req.headers,
				agent
			},
			(answer) => {
				if (dropAnswer) {
					// Read the whole answer first: the server has done (and committed) its work.
					answer.resume();
					answer.on('end', () => req.socket.destroy());
					answer.on('error', () => req.socket.destroy());
					return;
				}
				res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
				answer.pipe(res);
				answer.on('error', () => res.destroy());
			}
		);
		// An unreachable server looks to the client like a network failure.
		upstream.on('error', () => req.socket.destroy());
		res.on('close', () => {
			if (!res.writableFinished) upstream.destroy();
		});
		req.pipe(upstream);
	};

	const server = createServer((req, res) => {
		counts.requests++;
		const path = (req.url ?? '/').split('?')[0] ?? '/';
		const applies = options.applies?.(req.method ?? 'GET', path) ?? true;
		const fault = applies ? chooseFault(random(), rates) : undefined;
		if (fault) counts[fault]++;
		switch (fault) {
			case 'dropRequest':
				req.socket.destroy();
				return;
			case 'unavailable':
				res.writeHead(503, {
					'content-type': 'application/problem+json',
					'retry-after': String(options.retryAfterSeconds ?? 1),
					connection: 'close'
				});
				res.end(
					JSON.stringify({
						type: 'about:blank',
						title: 'Service Unavailable',
						status: 503,
						detail: 'Injected by the fault proxy.'
					})
				);
				return;
			case 'delay':
				void sleep(delay()).then(() => {
					if (!req.socket.destroyed) forward(req, res, false);
				});
				return;
			default:
				forward(req, res, fault === 'dropResponse');
		}
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('clientError', (_error, socket) => socket.destroy());

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			resolve({
				url: `http://127.0.0.1:${port}`,
				port,
				setRates: (next) => (rates = next),
				setTarget: (next) => (target = new URL(next)),
				counts: () => ({ ...counts }),
				close: () =>
					new Promise<void>((done) => {
						server.close(() => done());
						for (const socket of sockets) socket.destroy();
						agent.destroy();
					})
			});
		});
	});
}
