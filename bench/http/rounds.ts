import { seededRandom } from '../../tests/support/fault-proxy';
import { quantile } from '../reliability/sampling';

/**
 * One kind of request the http section times: one call is one request, awaited to its end, and
 * timed from outside unless it returns its own time in milliseconds.
 */
export interface Probe {
	name: string;
	run(round: number): Promise<number | void>;
	/** Runs only in every `every`-th round (default: every round), for the slow ones. */
	every?: number;
}

/** A probe's times over the measured rounds, in milliseconds. */
export interface ProbeFigures {
	name: string;
	p50: number;
	p99: number;
	samples: number;
}

/** The indices 0 to n − 1 in an order drawn from `random` (Fisher–Yates). */
export function shuffledIndices(n: number, random: () => number): number[] {
	const order = Array.from({ length: n }, (_, i) => i);
	for (let i = n - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[order[i], order[j]] = [order[j] as number, order[i] as number];
	}
	return order;
}

/**
 * Runs `warmups` unmeasured rounds, then `rounds` measured ones; each round runs every probe
 * due in it once, one after the other, so that every kind of request sees the same minutes of
 * the machine. The order is drawn anew each round (from `seed`, so that runs repeat): in a
 * fixed order each probe would always follow the same one, and a probe that follows a request
 * of the same account finds that account's rows and plans warm. Returns each probe's p50 and
 * p99, in the order given.
 */
export async function interleavedRounds(
	probes: readonly Probe[],
	warmups: number,
	rounds: number,
	seed = 1
): Promise<ProbeFigures[]> {
	const times = probes.map(() => [] as number[]);
	const random = seededRandom(seed);
	for (let round = 0; round < warmups + rounds; round++) {
		for (const i of shuffledIndices(probes.length, random)) {
			const probe = probes[i] as Probe;
			if (round % (probe.every ?? 1) !== 0) continue;
			const start = performance.now();
			const own = await probe.run(round);
			if (round >= warmups) times[i]?.push(own ?? performance.now() - start);
		}
	}
	return probes.map((probe, i) => {
		const samples = times[i] ?? [];
		return {
			name: probe.name,
			p50: quantile(samples, 0.5),
			p99: quantile(samples, 0.99),
			samples: samples.length
		};
	});
}
