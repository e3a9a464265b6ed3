import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Result } from 'lighthouse';
import { chromiumPath } from '../../tests/e2e/chromium';

/** The Lighthouse categories the `ui` section scores. */
export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Category = (typeof CATEGORIES)[number];

/** An audit that did not pass, as the report lists it. */
export interface FailingAudit {
	category: Category;
	id: string;
	title: string;
	/** 0 to 1; null for audits without a score of their own. */
	score: number | null;
	/** What Lighthouse shows beside it (`2.1 s`, `3 elements`), if anything. */
	displayValue?: string;
	/** Its weight in the category's score. */
	weight: number;
}

/** One Lighthouse run of one page, reduced to what the report prints. */
export interface LighthouseFigures {
	/** Category scores, 0 to 100. */
	scores: Record<Category, number>;
	/** Lab metrics in milliseconds (CLS unitless). */
	metrics: { fcp: number; lcp: number; tbt: number; cls: number; si: number };
	failing: FailingAudit[];
	/** Lighthouse's own warnings about the run (throttling, a page that did not settle…). */
	warnings: string[];
	/**
	 * Lighthouse's measure of the machine's speed while it ran (BenchmarkIndex: about 1,000 and
	 * more on a quiet desktop); a busy machine scores lower, and so does the page's performance.
	 */
	benchmarkIndex: number;
}

/** Reduces a Lighthouse result to its scores, lab metrics and failing audits. */
export function figuresOf(lhr: Result): LighthouseFigures {
	const scores = Object.fromEntries(
		CATEGORIES.map((id) => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)])
	) as Record<Category, number>;
	const metric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
	const failing: FailingAudit[] = [];
	for (const category of CATEGORIES) {
		for (const ref of lhr.categories[category]?.auditRefs ?? []) {
			const audit = lhr.audits[ref.id];
			if (!audit || audit.score === null || audit.score >= 0.9) continue;
			if (ref.weight === 0 && category !== 'performance') continue;
			failing.push({
				category,
				id: audit.id,
				title: audit.title,
				score: audit.score,
				...(audit.displayValue ? { displayValue: audit.displayValue } : {}),
				weight: ref.weight
			});
		}
	}
	failing.sort((a, b) => b.weight - a.weight || (a.score ?? 0) - (b.score ?? 0));
	return {
		scores,
		metrics: {
			fcp: metric('first-contentful-paint'),
			lcp: metric('largest-contentful-paint'),
			tbt: metric('total-blocking-time'),
			cls: metric('cumulative-layout-shift'),
			si: metric('speed-index')
		},
		failing,
		warnings: lhr.runWarnings,
		benchmarkIndex: lhr.environment.benchmarkIndex
	};
}

/**
 * Runs Lighthouse's default (mobile) configuration on `url` in a Chromium of its own, headless
 * (chrome-launcher, Debian's Chromium unless CHROME_PATH says otherwise), sending `headers` with
 * every request.
 */
export async function runLighthouse(
	url: string,
	headers: Record<string, string> = {}
): Promise<LighthouseFigures> {
	const chrome = await chromeLauncher.launch({
		chromePath: process.env.CHROME_PATH ?? chromiumPath(),
		chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
		logLevel: 'silent'
	});
	try {
		const result = await lighthouse(url, {
			port: chrome.port,
			output: 'json',
			logLevel: 'error',
			onlyCategories: [...CATEGORIES],
			extraHeaders: headers
		});
		if (!result) throw new Error(`Lighthouse returned no result for ${url}`);
		if (result.lhr.runtimeError) {
			throw new Error(`Lighthouse failed on ${url}: ${result.lhr.runtimeError.message}`);
		}
		return figuresOf(result.lhr);
	} finally {
		chrome.kill();
	}
}
