/*
 * Syntax highlighting with highlight.js's core and a set of common languages only: the full
 * build registers ~190 languages (~1 MB). There is no auto-detection: it would run every
 * registered grammar over every block; a block without a known language is shown as plain code.
 *
 * highlight.js is not part of the renderer's chunk: evaluating it with its grammars takes one
 * task of 50–150 ms on a slow phone, which would land on the frame that first shows a chat. Its
 * core and each language are chunks of their own, loaded and registered one per idle period
 * (loadHighlighter); until then code shows plain, and a view shows it highlighted once they
 * are all there (onHighlighterReady).
 */
import type { HLJSApi, LanguageFn } from 'highlight.js';

type LanguageModule = Promise<{ default: LanguageFn }>;

const LANGUAGES: Record<string, () => LanguageModule> = {
	python: () => import('highlight.js/lib/languages/python'),
	typescript: () => import('highlight.js/lib/languages/typescript'),
	javascript: () => import('highlight.js/lib/languages/javascript'),
	bash: () => import('highlight.js/lib/languages/bash'),
	json: () => import('highlight.js/lib/languages/json'),
	c: () => import('highlight.js/lib/languages/c'),
	cpp: () => import('highlight.js/lib/languages/cpp'),
	csharp: () => import('highlight.js/lib/languages/csharp'),
	css: () => import('highlight.js/lib/languages/css'),
	diff: () => import('highlight.js/lib/languages/diff'),
	go: () => import('highlight.js/lib/languages/go'),
	java: () => import('highlight.js/lib/languages/java'),
	markdown: () => import('highlight.js/lib/languages/markdown'),
	plaintext: () => import('highlight.js/lib/languages/plaintext'),
	rust: () => import('highlight.js/lib/languages/rust'),
	shell: () => import('highlight.js/lib/languages/shell'),
	sql: () => import('highlight.js/lib/languages/sql'),
	xml: () => import('highlight.js/lib/languages/xml'),
	yaml: () => import('highlight.js/lib/languages/yaml')
};

/** highlight.js once every language is registered; undefined until then. */
let ready: HLJSApi | undefined;
let loading: Promise<void> | undefined;
const waiting = new Set<() => void>();

/** Runs `step` in the next idle period (at once where there are none, as in Node). */
function whenIdle<T>(step: () => Promise<T> | T): Promise<T> {
	if (typeof requestIdleCallback !== 'function') return Promise.resolve().then(step);
	return new Promise<T>((resolve, reject) => {
		requestIdleCallback(() => Promise.resolve().then(step).then(resolve, reject), {
			timeout: 5000
		});
	});
}

/**
 * Loads highlight.js and its languages, one chunk per idle period, each grammar prepared there
 * too (highlight.js compiles a grammar's patterns the first time it is used: 5–30 ms each), the
 * languages models write most first. Resolves once code highlights; calling it again changes
 * nothing.
 */
export function loadHighlighter(): Promise<void> {
	loading ??= (async () => {
		const hljs = (await whenIdle(() => import('highlight.js/lib/core'))).default;
		for (const [name, load] of Object.entries(LANGUAGES)) {
			await whenIdle(async () => hljs.registerLanguage(name, (await load()).default));
			await whenIdle(() => hljs.highlight('x', { language: name, ignoreIllegals: true }));
		}
		ready = hljs;
		for (const listener of [...waiting]) listener();
		waiting.clear();
	})();
	return loading;
}

/** Whether code highlights now (loadHighlighter has finished). */
export function highlighterReady(): boolean {
	return ready !== undefined;
}

/**
 * Calls `listener` once, when code starts to highlight (never if it already does); returns a
 * function that cancels it.
 */
export function onHighlighterReady(listener: () => void): () => void {
	if (ready) return () => {};
	waiting.add(listener);
	return () => waiting.delete(listener);
}

/**
 * Longest code (characters) that is highlighted: past it a block is shown plain, so that one huge
 * block cannot hold the main thread (highlight.js is linear, at roughly 1 ms per 1,000 characters).
 */
export const HIGHLIGHT_LIMIT = 50_000;

/**
 * The code as HTML with highlight.js's `hljs-*` spans, or null when `language` (a name or an alias
 * such as `ts`, `py`, `sh`, `html`) is not one of the registered ones, the code is too long, or
 * the highlighter has not loaded yet (loadHighlighter).
 * The result escapes the code's own text; it still goes through the sanitiser with the rest.
 */
export function highlightCode(code: string, language: string): string | null {
	if (!ready || code.length > HIGHLIGHT_LIMIT || !ready.getLanguage(language)) return null;
	return ready.highlight(code, { language, ignoreIllegals: true }).value;
}
