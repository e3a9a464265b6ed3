import {
	CATEGORIES,
	type Category,
	type FailingAudit,
	type LighthouseFigures
} from './lighthouse-run';

/** Every run of one page. */
export interface PageRuns {
	name: string;
	runs: LighthouseFigures[];
}

/** The least each category must score; no entry, no target. */
export const TARGETS: Partial<Record<Category, number>> = {
	performance: 90,
	accessibility: 100,
	'best-practices': 95
};

const TITLES: Record<Category, string> = {
	performance: 'performance',
	accessibility: 'accessibility',
	'best-practices': 'best practices',
	seo: 'SEO'
};

/** Failing audits listed per page, heaviest first. */
const AUDITS_PER_PAGE = 8;

/** The median of `values` (the lower middle of an even count); NaN for none. */
export function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length === 0 ? Number.NaN : sorted[Math.floor((sorted.length - 1) / 2)]!;
}

const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '–');
const millis = (ms: number) => (Number.isFinite(ms) ? `${Math.round(ms)} ms` : '–');

/** Whether a page's median scores meet every target. */
export function meetsTargets(scores: Record<Category, number>): boolean {
	return CATEGORIES.every((c) => scores[c] >= (TARGETS[c] ?? 0));
}

/** The failing audits of a page over its runs: each once, with how many runs it failed in. */
function failingOverRuns(runs: readonly LighthouseFigures[]): (FailingAudit & { runs: number })[] {
	const byId = new Map<string, FailingAudit & { runs: number }>();
	for (const run of runs) {
		for (const audit of run.failing) {
			const key = `${audit.category}:${audit.id}`;
			const seen = byId.get(key);
			if (!seen) byId.set(key, { ...audit, runs: 1 });
			else {
				seen.runs += 1;
				if ((audit.score ?? 1) < (seen.score ?? 1)) Object.assign(seen, audit, { runs: seen.runs });
			}
		}
	}
	return [...byId.values()].sort((a, b) => b.runs - a.runs || b.weight - a.weight);
}

/** The `ui` section's report: a Markdown table of median scores and metrics, then the audits that failed. */
export function uiReport(pages: readonly PageRuns[]): string {
	const runs = Math.max(...pages.map((p) => p.runs.length));
	const lines = [
		`Lighthouse 12.2.3, mobile (its default: a simulated mid-range phone on slow 4G), the production build on the embedded database; median of ${runs} run${runs === 1 ? '' : 's'} per page`,
		'',
		`| page | ${CATEGORIES.map((c) => `${TITLES[c]}${TARGETS[c] === undefined ? '' : ` (target ${TARGETS[c] === 100 ? '100' : `≥ ${TARGETS[c]}`})`}`).join(' | ')} | FCP | LCP | TBT | CLS | targets met |`,
		`| --- | ${CATEGORIES.map(() => '---:').join(' | ')} | ---: | ---: | ---: | ---: | :-: |`
	];
	for (const page of pages) {
		const scores = Object.fromEntries(
			CATEGORIES.map((c) => [c, median(page.runs.map((r) => r.scores[c]))])
		) as Record<Category, number>;
		const m = (key: keyof LighthouseFigures['metrics']) =>
			median(page.runs.map((r) => r.metrics[key]));
		const range = (c: Category) => {
			const all = page.runs.map((r) => r.scores[c]);
			const low = Math.min(...all);
			const high = Math.max(...all);
			return low === high ? `${scores[c]}` : `${scores[c]} (${low}–${high})`;
		};
		lines.push(
			`| ${page.name} | ${CATEGORIES.map(range).join(' | ')} | ${seconds(m('fcp'))} | ${seconds(m('lcp'))} | ${millis(m('tbt'))} | ${m('cls').toFixed(3)} | ${meetsTargets(scores) ? 'yes' : '**no**'} |`
		);
	}
	lines.push(
		'',
		'Audits that scored under 0.9, by page (in how many runs; heaviest in its category first):'
	);
	for (const page of pages) {
		const failing = failingOverRuns(page.runs);
		lines.push('', `${page.name}:${failing.length === 0 ? ' none' : ''}`);
		for (const audit of failing.slice(0, AUDITS_PER_PAGE)) {
			const value = audit.displayValue ? `, ${audit.displayValue}` : '';
			lines.push(
				`- ${TITLES[audit.category]}: \`${audit.id}\` ${audit.title} (score ${audit.score?.toFixed(2)}${value}; ${audit.runs} of ${page.runs.length})`
			);
		}
		if (failing.length > AUDITS_PER_PAGE)
			lines.push(`- and ${failing.length - AUDITS_PER_PAGE} more`);
	}
	const index = median(pages.flatMap((p) => p.runs.map((r) => r.benchmarkIndex)));
	lines.push(
		'',
		`Lighthouse's BenchmarkIndex of this machine during the runs (median): ${Math.round(index)}; ` +
			'a quiet desktop scores about 1,000 and more, and performance falls with it.'
	);
	const warnings = [...new Set(pages.flatMap((p) => p.runs.flatMap((r) => r.warnings)))];
	if (warnings.length > 0) {
		lines.push('', 'Lighthouse warned:', ...warnings.map((w) => `- ${w}`));
	}
	return lines.join('\n');
}
