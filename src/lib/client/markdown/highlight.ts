/*
 * Syntax highlighting with highlight.js's core and a set of common languages only: the full
 * build registers ~190 languages (~1 MB). There is no auto-detection: it would run every
 * registered grammar over every block; a block without a known language is shown as plain code.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import plaintext from 'highlight.js/lib/languages/plaintext';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const LANGUAGES = {
	bash,
	c,
	cpp,
	csharp,
	css,
	diff,
	go,
	java,
	javascript,
	json,
	markdown,
	plaintext,
	python,
	rust,
	shell,
	sql,
	typescript,
	xml,
	yaml
};
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);

/**
 * Longest code (characters) that is highlighted: past it a block is shown plain, so that one huge
 * block cannot hold the main thread (highlight.js is linear, at roughly 1 ms per 1,000 characters).
 */
export const HIGHLIGHT_LIMIT = 50_000;

/** The languages models write most, warmed first. */
const COMMON_FIRST = ['python', 'typescript', 'javascript', 'bash', 'json'];

/**
 * Prepares every language's grammar (highlight.js compiles a grammar's patterns the first time
 * it is used: 5–30 ms each), one language per idle period, so that the first code block of a
 * reply does not pay for it in the frame that shows it.
 */
export function warmUpLanguages(): void {
	if (typeof requestIdleCallback !== 'function') return;
	const queue = [...new Set([...COMMON_FIRST, ...Object.keys(LANGUAGES)])];
	const next = () => {
		const language = queue.shift();
		if (language === undefined) return;
		hljs.highlight('x', { language, ignoreIllegals: true });
		requestIdleCallback(next, { timeout: 5000 });
	};
	requestIdleCallback(next, { timeout: 5000 });
}

/**
 * The code as HTML with highlight.js's `hljs-*` spans, or null when `language` (a name or an alias
 * such as `ts`, `py`, `sh`, `html`) is not one of the registered ones or the code is too long.
 * The result escapes the code's own text; it still goes through the sanitiser with the rest.
 */
export function highlightCode(code: string, language: string): string | null {
	if (code.length > HIGHLIGHT_LIMIT || !hljs.getLanguage(language)) return null;
	return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}
