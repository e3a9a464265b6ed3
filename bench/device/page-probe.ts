import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';

/** The script `context.addInitScript({ path })` installs in every page of a device. */
export const PAGE_PROBES = fileURLToPath(new URL('./page-probes.js', import.meta.url));

/** What page-probes.js keeps in the page, all times in the page's clock. */
interface PageProbe {
	longTasks: { start: number; duration: number }[];
	clicks: { at: number; name: string }[];
	seen: Record<string, number[]>;
	watch(texts: string[]): void;
}

declare global {
	interface Window {
		__outpostBench: PageProbe;
	}
}

/** Main-thread long tasks (over 50 ms) in a span of time. */
export interface TaskSummary {
	count: number;
	longestMs: number;
	totalMs: number;
}

/** How long a step may take before the benchmark gives up on it. */
export const STEP_TIMEOUT_MS = 300_000;

/** The page's clock now (`performance.now()`). */
export const pageNow = (page: Page) => page.evaluate(() => performance.now());

/** When the page's clock started, in ms since the epoch (the clock of the network timings). */
export const pageTimeOrigin = (page: Page) => page.evaluate(() => performance.timeOrigin);

/** Notes from now on, whenever one of `texts` is added to the page, when it was painted. */
export async function watchTexts(page: Page, texts: string[]): Promise<void> {
	await page.evaluate((list) => window.__outpostBench.watch(list), texts);
}

/**
 * Clicks `target` as a person does and returns when the click arrived, in the page's clock:
 * the event's own time stamp, not when Playwright was done with it.
 */
export async function timedClick(page: Page, target: Locator, name: string): Promise<number> {
	const before = await pageNow(page);
	await target.click();
	const handle = await page.waitForFunction(
		([text, after]) =>
			window.__outpostBench.clicks.find((c) => c.at >= after && c.name.includes(text))?.at ?? false,
		[name, before] as const,
		{ polling: 20, timeout: STEP_TIMEOUT_MS }
	);
	return (await handle.jsonValue()) as number;
}

/** When `text` was first painted after `after` (page clock), waiting for it if need be. */
export async function firstSeen(
	page: Page,
	text: string,
	after: number,
	timeoutMs = STEP_TIMEOUT_MS
): Promise<number> {
	const handle = await page.waitForFunction(
		([wanted, since]) => window.__outpostBench.seen[wanted]?.find((t) => t > since) ?? false,
		[text, after] as const,
		{ polling: 50, timeout: timeoutMs }
	);
	return (await handle.jsonValue()) as number;
}

/** The long tasks that started between `from` and `to` (page clock). */
export async function longTasks(page: Page, from: number, to: number): Promise<TaskSummary> {
	const tasks = await page.evaluate(
		([start, end]) =>
			window.__outpostBench.longTasks.filter((t) => t.start >= start && t.start <= end),
		[from, to] as const
	);
	return {
		count: tasks.length,
		longestMs: Math.max(0, ...tasks.map((t) => t.duration)),
		totalMs: tasks.reduce((sum, t) => sum + t.duration, 0)
	};
}
