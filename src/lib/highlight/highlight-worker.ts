/*
 * The highlight worker: highlight.js off the main thread. Compiling a grammar takes 5–100 ms and
 * highlighting about 1 ms per 1,000 characters, time that would otherwise be main-thread tasks
 * of the page (src/lib/client/markdown/highlight.ts asks, and shows code plain until the answer).
 */
import * as Comlink from 'comlink';
import { Grammars, type HighlightRequest } from './grammars';

const grammars = Grammars.load();

/** What the page calls (through Comlink). */
export const highlightWorkerApi = {
	/** Each block as HTML, or null where it cannot be highlighted. */
	async highlight(requests: HighlightRequest[]): Promise<(string | null)[]> {
		return (await grammars).highlightAll(requests);
	}
};

export type HighlightWorkerApi = typeof highlightWorkerApi;

Comlink.expose(highlightWorkerApi);
