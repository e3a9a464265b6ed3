/*
 * The markdown renderer ($lib/client/markdown) is a chunk of its own: the page starts, and shows
 * its sign-in or welcome screen, without it. It is loaded in the page's first idle moment after
 * that, so that evaluating it does not share a task with the frame that first shows a chat.
 */
import { runWhenIdle } from './idle-steps';

type Engine = typeof import('$lib/client/markdown');

let engine: Promise<Engine> | undefined;
let loaded: Engine | undefined;

/** The markdown renderer if it has loaded, else undefined (see loadMarkdown). */
export function loadedMarkdown(): Engine | undefined {
	return loaded;
}

/**
 * The markdown renderer, loaded on the first call; the highlight worker starts with it (code
 * shows plain until it is highlighted there).
 */
export function loadMarkdown(): Promise<Engine> {
	engine ??= import('$lib/client/markdown').then((module) => {
		loaded = module;
		void module.loadHighlighter();
		return module;
	});
	return engine;
}

/** Loads the renderer and has it render a sample, in idle periods of their own (see preloadMarkdown). */
function preload(): void {
	loadMarkdown().then(
		(loaded) => runWhenIdle(loaded.warmUpSteps()),
		(error: unknown) => {
			// Not fatal: the first message asks again, and says so if it fails.
			engine = undefined;
			console.warn('The markdown renderer did not load ahead of use:', error);
		}
	);
}

/**
 * Loads the renderer once the page is idle (at the latest after `timeoutMs`), ahead of the
 * first message; a message shown before then loads it itself.
 */
export function preloadMarkdown(timeoutMs = 3000): void {
	if (engine || typeof requestIdleCallback !== 'function') return;
	requestIdleCallback(preload, { timeout: timeoutMs });
}
