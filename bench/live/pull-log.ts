import type { BrowserContext, Request } from '@playwright/test';

/** One finished pull, as the browser saw it; times in ms since the epoch. */
export interface WirePull {
	/** When the browser started it. */
	start: number;
	/** When its answer had arrived whole. */
	end: number;
	/** Its answer, as text. */
	body: string;
}

/**
 * The pulls of one browser context (its pages and their workers) with their answers, read off
 * the wire as Playwright reports them: which pull brought a change, and when.
 */
export class PullLog {
	readonly #finished: WirePull[] = [];

	constructor(context: BrowserContext) {
		context.on('requestfinished', (request) => void this.#add(request));
	}

	async #add(request: Request): Promise<void> {
		if (new URL(request.url()).pathname !== '/api/sync/pull') return;
		const timing = request.timing();
		let body = '';
		try {
			body = (await (await request.response())?.text()) ?? '';
		} catch {
			// The context closed before the answer could be read: nothing waits for it then.
		}
		this.#finished.push({
			start: timing.startTime,
			end: timing.startTime + Math.max(0, timing.responseEnd),
			body
		});
	}

	/** The first pull started after `after` whose answer holds `text`, once it has finished. */
	async carrying(text: string, after: number, timeoutMs = 60_000): Promise<WirePull> {
		const needle = JSON.stringify(text).slice(1, -1);
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const found = this.#finished
				.filter((p) => p.start >= after && p.body.includes(needle))
				.sort((x, y) => x.start - y.start)[0];
			if (found) return found;
			if (Date.now() > deadline) throw new Error(`no pull brought “${text}” in ${timeoutMs} ms`);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}
}
