import { Client } from 'undici';
import { seededRandom } from '../../tests/support/fault-proxy';

/** One user of a paced run: its own keep-alive connection, and its headers. */
export interface PacedUser {
	headers: Record<string, string>;
}

export interface PacedOptions {
	url: string;
	path: string;
	users: PacedUser[];
	/** Requests a second, all users together. */
	rate: number;
	seconds: number;
	body: () => string;
	/** Seeds the arrival times, so that two runs offer the same load. */
	seed?: number;
	timeoutMs?: number;
}

export interface PacedResult {
	sent: number;
	ok: number;
	non2xx: number;
	errors: number;
	timeouts: number;
	/** From the end of the window to the last answer: how far the server fell behind. */
	drainSeconds: number;
	/** Milliseconds from each 2xx request's scheduled time to its answer, in the order answered. */
	latencies: number[];
}

/**
 * An open-loop load: each user sends POSTs at random times of its own, and together they offer
 * `rate` a second, as independent people do (not in bursts at each second, as autocannon's
 * `overallRate` does). A user's request that comes due while its last is unanswered waits on the
 * user's one connection, and each latency is counted from the time the request was due, not from
 * when it could go out: a slow server is not excused by the requests it held back (no
 * coordinated omission).
 */
export async function pacedLoad(options: PacedOptions): Promise<PacedResult> {
	const target = new URL(options.path, options.url);
	const users = options.users.length;
	const total = Math.round(options.rate * options.seconds);
	const timeoutMs = options.timeoutMs ?? 10_000;
	const result: PacedResult = {
		sent: 0,
		ok: 0,
		non2xx: 0,
		errors: 0,
		timeouts: 0,
		drainSeconds: 0,
		latencies: []
	};
	const clients: Client[] = [];
	const start = performance.now();
	const end = start + options.seconds * 1000;
	let lastAnswer = start;

	// A user's share of the requests at uniformly random times in the window: a Poisson process
	// conditioned on its count, so the run offers exactly `rate` a second.
	const arrivals = (index: number) => {
		const random = seededRandom((options.seed ?? 1) * 1000 + index);
		const count = Math.floor(total / users) + (index < total % users ? 1 : 0);
		return Array.from({ length: count }, () => start + random() * options.seconds * 1000).sort(
			(a, b) => a - b
		);
	};

	const send = async (client: Client, user: PacedUser, due: number) => {
		result.sent++;
		let outcome: 'ok' | 'non2xx' | 'error' | 'timeout';
		try {
			const response = await client.request({
				method: 'POST',
				path: target.pathname,
				headers: user.headers,
				body: options.body(),
				headersTimeout: timeoutMs,
				bodyTimeout: timeoutMs
			});
			await response.body.dump();
			outcome = response.statusCode < 300 ? 'ok' : 'non2xx';
		} catch (error) {
			outcome = (error as { code?: string }).code?.includes('TIMEOUT') ? 'timeout' : 'error';
		}
		const now = performance.now();
		lastAnswer = Math.max(lastAnswer, now);
		if (outcome === 'ok') {
			result.ok++;
			result.latencies.push(now - due);
		} else if (outcome === 'non2xx') result.non2xx++;
		else if (outcome === 'timeout') result.timeouts++;
		else result.errors++;
	};

	const runUser = async (user: PacedUser, index: number) => {
		// One connection, one request at a time: a user's next push waits for its last.
		const client = new Client(target.origin, { pipelining: 1 });
		clients.push(client);
		const inFlight: Promise<void>[] = [];
		for (const due of arrivals(index)) {
			const wait = due - performance.now();
			if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
			inFlight.push(send(client, user, due));
		}
		await Promise.all(inFlight);
	};

	try {
		await Promise.all(options.users.map(runUser));
	} finally {
		await Promise.all(clients.map((client) => client.close()));
	}
	result.drainSeconds = Math.max(0, lastAnswer - end) / 1000;
	return result;
}
