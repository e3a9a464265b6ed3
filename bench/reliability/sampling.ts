import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { fileURLToPath } from 'node:url';
import { keepAliveGet } from './keep-alive-get';

/** The value at quantile `q` (0–1) of some numbers, by the nearest-rank method; NaN for none. */
export function quantile(values: readonly number[], q: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
	return sorted[rank - 1] ?? Number.NaN;
}

/** The resident set size of a process in MB, or undefined once it has gone. */
export function rssMb(pid: number): number | undefined {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
		return match ? Number(match[1]) / 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** Peak memory of a server process while it was watched. */
export interface RssWatch {
	/** Stops watching; resolves with the peak in MB and whether the ceiling was hit. */
	stop(): { peakMb: number; killedAtCeiling: boolean };
}

/**
 * Samples a process's VmRSS every `everyMs`; a process past `ceilingMb` is killed (SIGKILL),
 * so that a runaway server cannot take the shared machine down with it.
 */
export function watchRss(pid: number, ceilingMb: number, everyMs = 100): RssWatch {
	let peakMb = rssMb(pid) ?? 0;
	let killedAtCeiling = false;
	const timer = setInterval(() => {
		const now = rssMb(pid);
		if (now === undefined) return;
		peakMb = Math.max(peakMb, now);
		if (now > ceilingMb && !killedAtCeiling) {
			killedAtCeiling = true;
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	}, everyMs);
	return {
		stop() {
			clearInterval(timer);
			return { peakMb, killedAtCeiling };
		}
	};
}

/** Another user's pull latencies while something else runs. */
export interface LatencyFigures {
	samples: number;
	p50: number;
	p99: number;
	/** Pulls that failed or took longer than the timeout (counted at the timeout). */
	failed: number;
	/** Answers other than 200 (a 429 of that user's own limit, say), by status. */
	statuses: Record<string, number>;
	/**
	 * The answered pulls that needed a connection of their own (every kept-alive one was busy)
	 * and their p99: a new connection waits in the kernel's accept queue behind every
	 * connection that came before it, a flood's included.
	 */
	onNewConnection: { samples: number; p99: number };
	/** The answered pulls that went on an idle kept-alive connection, and their p99. */
	onOpenConnection: { samples: number; p99: number };
}

/** How many `times` there are and their p99. */
const tail = (times: readonly number[]) => ({ samples: times.length, p99: quantile(times, 0.99) });

/** Pulls each user makes, unrecorded, before the sampling starts: connections and code warm. */
const WARM_UP_PULLS = 5;

/**
 * In this process (see samplePulls): once warmed up (`ready`), starts a pull every `everyMs`
 * (each on its own, so that one slow answer does not hold the next back), as each of `tokens`'
 * users in turn, and records how long each took; a pull that takes longer than `timeoutMs`
 * counts as that long, and failed. Three users at 50 ms each pull 400 times a minute, under the
 * default SYNC_RATE_LIMIT of 600.
 */
export function samplePullsHere(
	baseUrl: string,
	tokens: readonly string[],
	everyMs = 50,
	timeoutMs = 10_000
): { ready: Promise<void>; stop(): Promise<LatencyFigures> } {
	const times: number[] = [];
	const byConnection = { fresh: [] as number[], open: [] as number[] };
	const statuses: Record<string, number> = {};
	let failed = 0;
	const pending = new Set<Promise<void>>();
	let turn = 0;
	// Kept-alive connections, a new one only when all are busy: as a browser's.
	const agent = new Agent({ keepAlive: true });
	/** One pull of the user of `token`, read to its end. */
	const pull = (token: string | undefined) =>
		keepAliveGet(
			agent,
			`${baseUrl}/api/sync/pull`,
			{ authorization: `Bearer ${token ?? ''}` },
			AbortSignal.timeout(timeoutMs)
		);
	const one = async (token: string | undefined) => {
		const start = performance.now();
		try {
			const { status, newConnection } = await pull(token);
			const took = performance.now() - start;
			times.push(took);
			(newConnection ? byConnection.fresh : byConnection.open).push(took);
			if (status !== 200) statuses[status] = (statuses[status] ?? 0) + 1;
		} catch {
			failed++;
			times.push(Math.max(timeoutMs, performance.now() - start));
		}
	};
	let timer: ReturnType<typeof setInterval> | undefined;
	const ready = (async () => {
		for (let i = 0; i < WARM_UP_PULLS; i++) {
			await Promise.all(tokens.map((token) => pull(token).catch(() => undefined)));
		}
		timer = setInterval(() => {
			if (pending.size > 400) return;
			const running = one(tokens[turn++ % tokens.length]);
			pending.add(running);
			void running.finally(() => pending.delete(running));
		}, everyMs);
	})();
	return {
		ready,
		async stop() {
			await ready;
			clearInterval(timer);
			await Promise.all(pending);
			agent.destroy();
			return {
				samples: times.length,
				p50: quantile(times, 0.5),
				p99: quantile(times, 0.99),
				failed,
				statuses,
				onNewConnection: tail(byConnection.fresh),
				onOpenConnection: tail(byConnection.open)
			};
		}
	};
}

/**
 * Samples another user's pulls as samplePullsHere does, from a process of its own: the flood
 * runs in this process, and its work would otherwise count in the other user's latencies.
 */
export function samplePulls(
	baseUrl: string,
	tokens: readonly string[],
	everyMs = 50,
	timeoutMs = 10_000
): { ready: Promise<void>; stop(): Promise<LatencyFigures> } {
	const child = fork(fileURLToPath(new URL('./pull-sampler.ts', import.meta.url)), [], {
		execArgv: ['--import', 'tsx'],
		env: {
			...process.env,
			SAMPLER_CONFIG: JSON.stringify({ baseUrl, tokens, everyMs, timeoutMs })
		},
		stdio: ['ignore', 'inherit', 'inherit', 'ipc']
	});
	let warmed: () => void = () => undefined;
	const ready = new Promise<void>((resolve) => (warmed = resolve));
	const figures = new Promise<LatencyFigures>((resolve, reject) => {
		child.on('message', (message) => {
			if (message === 'ready') warmed();
			else resolve(message as LatencyFigures);
		});
		child.once('exit', (code) => reject(new Error(`the pull sampler exited (${code})`)));
	});
	return {
		ready: Promise.race([ready, figures.then(() => undefined)]),
		stop() {
			child.send('stop');
			return figures;
		}
	};
}

/** Counts of answers by status (`error` for a request that got none). */
export type StatusCounts = Record<string, number>;

/** Adds one outcome (a status, or a word such as `error` for a request that got none) to some counts. */
export function countStatus(counts: StatusCounts, status: number | string): void {
	counts[status] = (counts[status] ?? 0) + 1;
}

/** `200×3, 429×197` in status order. */
export function formatCounts(counts: StatusCounts): string {
	const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
	return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k}×${v}`).join(', ');
}

/** How many answers were 5xx. */
export const serverErrors = (counts: StatusCounts) =>
	Object.entries(counts)
		.filter(([status]) => /^5\d\d$/.test(status))
		.reduce((sum, [, n]) => sum + n, 0);

/** Whether `GET /api/health` answers 200 within `timeoutMs`. */
export async function healthy(baseUrl: string, timeoutMs = 5000): Promise<boolean> {
	try {
		const response = await fetch(`${baseUrl}/api/health`, {
			signal: AbortSignal.timeout(timeoutMs)
		});
		await response.arrayBuffer();
		return response.status === 200;
	} catch {
		return false;
	}
}

/** Milliseconds with no decimals, or `–` for NaN. */
export const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : '–');
