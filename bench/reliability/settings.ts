/** The scenario families of `npm run bench:reliability`, in the order they run. */
export const FAMILIES = ['abuse', 'chaos', 'crash', 'instances', 'load'] as const;
export type Family = (typeof FAMILIES)[number];

/** What to run and how big, from the environment. */
export interface RunSettings {
	/**
	 * RELIABILITY_SCALE (default 1): every size (requests, messages, batches, seconds) is the
	 * issue's size times this, at least 1. `0.05` gives a run of a couple of minutes.
	 */
	scale: number;
	/** RELIABILITY_ONLY: a comma-separated list of families (default: all). */
	families: readonly Family[];
	/** RELIABILITY_RSS_CEILING_MB (default 4096): a server above this is killed to spare the machine. */
	rssCeilingMb: number;
	/** RELIABILITY_OUTPUT (default docs/RELIABILITY.md); `-` writes no file. */
	output: string;
}

/** Reads the run settings; throws with a readable message on a bad value. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): RunSettings {
	const scale = Number(env.RELIABILITY_SCALE ?? '1');
	if (!(scale > 0 && scale <= 10)) throw new Error('RELIABILITY_SCALE must be in (0, 10]');
	const only = env.RELIABILITY_ONLY?.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	const unknown = only?.filter((f) => !(FAMILIES as readonly string[]).includes(f)) ?? [];
	if (unknown.length > 0) {
		throw new Error(
			`RELIABILITY_ONLY: unknown families ${unknown.join(', ')} (${FAMILIES.join(', ')})`
		);
	}
	const ceiling = Number(env.RELIABILITY_RSS_CEILING_MB ?? '4096');
	if (!(ceiling > 0)) throw new Error('RELIABILITY_RSS_CEILING_MB must be a positive number');
	return {
		scale,
		families: only ? FAMILIES.filter((f) => only.includes(f)) : FAMILIES,
		rssCeilingMb: ceiling,
		output: env.RELIABILITY_OUTPUT ?? 'docs/RELIABILITY.md'
	};
}

/** `full` times the run's scale, rounded, at least `min`. */
export function scaled(settings: RunSettings, full: number, min = 1): number {
	return Math.max(min, Math.round(full * settings.scale));
}
