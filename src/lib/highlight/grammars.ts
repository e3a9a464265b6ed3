/*
 * Syntax highlighting with highlight.js's core and a set of common languages only: the full
 * build registers ~190 languages (~1 MB). There is no auto-detection: it would run every
 * registered grammar over every block; a block without a known language is shown as plain code.
 * No DOM: this runs in the highlight worker (highlight-worker.ts), and in Node for tests.
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

/**
 * Longest code (characters) that is highlighted: past it a block is shown plain (highlight.js is
 * linear, at roughly 1 ms per 1,000 characters, and the answer crosses to the page whole).
 */
export const HIGHLIGHT_LIMIT = 50_000;

/** One block to highlight: its code and the name or alias of its language (`ts`, `py`…). */
export interface HighlightRequest {
	code: string;
	language: string;
}

/** Highlights code in the registered languages. */
export class Grammars {
	readonly #hljs: HLJSApi;

	private constructor(hljs: HLJSApi) {
		this.#hljs = hljs;
	}

	/** highlight.js with every language registered (each compiles on its first use). */
	static async load(): Promise<Grammars> {
		const hljs = (await import('highlight.js/lib/core')).default;
		const languages = await Promise.all(
			Object.entries(LANGUAGES).map(async ([name, load]) => [name, (await load()).default] as const)
		);
		for (const [name, language] of languages) hljs.registerLanguage(name, language);
		return new Grammars(hljs);
	}

	/**
	 * The code as HTML with highlight.js's `hljs-*` spans, or null when the language is not one
	 * of the registered ones or the code is too long. The result escapes the code's own text; the
	 * page still sanitises it with the rest of the message.
	 */
	highlight({ code, language }: HighlightRequest): string | null {
		if (code.length > HIGHLIGHT_LIMIT || !this.#hljs.getLanguage(language)) return null;
		return this.#hljs.highlight(code, { language, ignoreIllegals: true }).value;
	}

	/** Each block as HTML, or null where it cannot be highlighted (see highlight). */
	highlightAll(requests: readonly HighlightRequest[]): (string | null)[] {
		return requests.map((request) => this.highlight(request));
	}
}
