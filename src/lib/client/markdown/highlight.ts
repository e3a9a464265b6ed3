/*
 * Code highlighting for the page, done by the highlight worker (src/lib/highlight): highlight.js
 * never runs on the main thread, where compiling a grammar (5–100 ms) or highlighting a long
 * block would be a long task. A block shows plain until its answer is here; the views are then
 * told (onHighlighted) and render again, with only the code blocks changing.
 *
 * Answers are kept for the most recent blocks (CACHE_ENTRIES), so that a chat opened again shows
 * its code highlighted in its first frame. Where there are no workers (Node, in tests) the same
 * highlighter runs in this thread, still answering asynchronously.
 */
import * as Comlink from 'comlink';
import type { HighlightRequest } from '$lib/highlight/grammars';
import type { HighlightWorkerApi } from '$lib/highlight/highlight-worker';

export { HIGHLIGHT_LIMIT } from '$lib/highlight/grammars';

/** How many blocks' answers are kept, the most recently used. */
export const CACHE_ENTRIES = 500;

type Highlight = (requests: HighlightRequest[]) => Promise<(string | null)[]>;

/** Answers by block (see keyOf): HTML, or null where the block cannot be highlighted. */
const answers = new Map<string, string | null>();
/** Blocks asked for and not yet sent. */
const queued = new Map<string, HighlightRequest>();
/** Blocks sent and not yet answered. */
const sent = new Set<string>();
const listeners = new Set<() => void>();
const drained = new Set<() => void>();
let highlighter: Highlight | undefined;
/** The last block answered with HTML: a block being written shows it until its own answer comes. */
let latest: { code: string; language: string; html: string } | undefined;
let sending = false;

const keyOf = ({ language, code }: HighlightRequest) => `${language}\u0000${code}`;

function start(): Highlight {
	if (highlighter) return highlighter;
	if (typeof Worker === 'function') {
		const worker = new Worker(new URL('../../highlight/highlight-worker.ts', import.meta.url), {
			type: 'module',
			name: 'outpost-highlight'
		});
		const api = Comlink.wrap<HighlightWorkerApi>(worker);
		// A worker that cannot start never answers: its blocks, and every later one, show plain.
		const failed = new Promise<never>((_, reject) =>
			worker.addEventListener('error', (event) => reject(new Error(event.message)), {
				once: true
			})
		);
		failed.catch(() => {});
		highlighter = (requests) => Promise.race([api.highlight(requests), failed]);
	} else {
		const grammars = import('$lib/highlight/grammars').then(({ Grammars }) => Grammars.load());
		highlighter = async (requests) => (await grammars).highlightAll(requests);
	}
	return highlighter;
}

/**
 * Starts the highlight worker, so that it has loaded its grammars before the first code shows;
 * resolves once it answers.
 */
export async function loadHighlighter(): Promise<void> {
	await start()([]);
}

/**
 * The block as highlighted HTML; null when it cannot be highlighted (an unknown language, too
 * long); undefined while its answer has not come (see requestHighlight).
 */
export function highlighted(code: string, language: string): string | null | undefined {
	const key = keyOf({ code, language });
	const answer = answers.get(key);
	if (answer === undefined) return undefined;
	// The most recently used last: the first ones are forgotten first.
	answers.delete(key);
	answers.set(key, answer);
	return answer;
}

/** The block as highlighted HTML, or null until it is (and where it cannot be). */
export function highlightCode(code: string, language: string): string | null {
	return highlighted(code, language) ?? null;
}

/**
 * The last block highlighted, when `code` (of `language`) begins with it: a code block being
 * written shows what was highlighted so far, and the text added since plain, until its answer
 * comes, so that its colours do not come and go as it grows.
 */
export function highlightedStart(
	code: string,
	language: string
): { code: string; html: string } | undefined {
	return latest && latest.language === language && code.startsWith(latest.code)
		? latest
		: undefined;
}

/** Asks the worker for a block, unless its answer is here or on its way. */
export function requestHighlight(code: string, language: string): void {
	const request = { code, language };
	const key = keyOf(request);
	if (answers.has(key) || queued.has(key) || sent.has(key)) return;
	queued.set(key, request);
	// The blocks a render asks for go in one message, once it is done.
	if (!sending) queueMicrotask(send);
}

/**
 * Calls `listener` once, when the next answers are here; returns a function that cancels it.
 */
export function onHighlighted(listener: () => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

/** Resolves once every block asked for so far has its answer (for tests). */
export function whenHighlighted(): Promise<void> {
	if (queued.size === 0 && sent.size === 0) return Promise.resolve();
	return new Promise((resolve) => drained.add(resolve));
}

/** Sends what is queued, one batch at a time, until nothing is. */
function send(): void {
	if (sending || queued.size === 0) return;
	sending = true;
	const batch = [...queued];
	queued.clear();
	for (const [key] of batch) sent.add(key);
	start()(batch.map(([, request]) => request))
		.then(
			(results) => batch.forEach(([key, request], i) => remember(key, request, results[i] ?? null)),
			(error: unknown) => {
				// Shown plain: a failed highlight is no reason to lose the message.
				console.warn('Code could not be highlighted:', error);
				for (const [key, request] of batch) remember(key, request, null);
			}
		)
		.finally(() => {
			for (const [key] of batch) sent.delete(key);
			sending = false;
			const told = [...listeners];
			listeners.clear();
			for (const listener of told) listener();
			if (queued.size > 0) send();
			else if (sent.size === 0) {
				for (const resolve of [...drained]) resolve();
				drained.clear();
			}
		});
}

function remember(key: string, request: HighlightRequest, answer: string | null): void {
	answers.set(key, answer);
	if (answer !== null) latest = { ...request, html: answer };
	while (answers.size > CACHE_ENTRIES) {
		const oldest = answers.keys().next().value;
		if (oldest === undefined) break;
		answers.delete(oldest);
	}
}
