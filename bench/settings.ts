/** The parts of `npm run bench`, in the order they run. */
export const BENCH_SECTIONS = ['server', 'http', 'device', 'worker', 'live', 'ui'] as const;

/** One part of `npm run bench`. */
export type BenchSection = (typeof BENCH_SECTIONS)[number];

/** What `npm run bench` runs, read from its environment (documented in bench/run.ts). */
export interface BenchSettings {
	sections: ReadonlySet<BenchSection>;
	/** Messages in the one conversation of the device runs. */
	deviceSizes: readonly number[];
	/** Measured device runs per size, after one unmeasured run. */
	deviceRuns: number;
	/** Lighthouse runs per page of the `ui` section. */
	uiRuns: number;
}

const isSection = (name: string): name is BenchSection =>
	(BENCH_SECTIONS as readonly string[]).includes(name);

function list(value: string | undefined): string[] | undefined {
	const items = value
		?.split(',')
		.map((item) => item.trim())
		.filter(Boolean);
	return items && items.length > 0 ? items : undefined;
}

function positiveInteger(name: string, text: string): number {
	const value = Number(text);
	if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: ${text} is not a count`);
	return value;
}

/**
 * Reads BENCH_SECTIONS, BENCH_DEVICE_SIZES, BENCH_DEVICE_RUNS and BENCH_UI_RUNS; throws on a
 * bad value.
 */
export function readBenchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
	const sections = list(env.BENCH_SECTIONS) ?? [...BENCH_SECTIONS];
	const unknown = sections.filter((name) => !isSection(name));
	if (unknown.length > 0) {
		throw new Error(
			`BENCH_SECTIONS: unknown ${unknown.join(', ')} (choose from ${BENCH_SECTIONS.join(', ')})`
		);
	}
	const sizes = (list(env.BENCH_DEVICE_SIZES) ?? ['1000', '10000'])
		.map((size) => positiveInteger('BENCH_DEVICE_SIZES', size))
		.sort((a, b) => a - b);
	return {
		sections: new Set(sections.filter(isSection)),
		deviceSizes: [...new Set(sizes)],
		deviceRuns: positiveInteger('BENCH_DEVICE_RUNS', env.BENCH_DEVICE_RUNS ?? '5'),
		uiRuns: positiveInteger('BENCH_UI_RUNS', env.BENCH_UI_RUNS ?? '3')
	};
}
