/*
 * Markdown for chat messages: GitHub-flavoured markdown to sanitised HTML (marked, DOMPurify,
 * highlight.js in a worker of its own), and a view that renders it into an element as a reply streams.
 */
import type { Token } from 'marked';
import { lexMarkdown, renderBlock } from './marked-renderer';
import { sanitizeHtml } from './sanitize';

export { MarkdownView, MARKDOWN_LIMIT } from './markdown-view';
export { COPY_LABEL } from './marked-renderer';
export { loadHighlighter } from './highlight';

/** A little of every kind of block and inline markup, a block each (see warmUpSteps). */
const SAMPLE = [
	'# Title',
	'A *paragraph* with **strong**, `code`, ~~struck~~ and a [link](https://example.com).',
	'- one\n- two\n\n1. first\n2. second',
	'> quoted',
	'| a | b |\n| - | -: |\n| 1 | 2 |',
	'```ts\nconst a = 1;\n```',
	'---'
];

/**
 * Renders a sample, a block per three steps (lex, render, sanitise), so that the first messages
 * shown do not pay for compiling the parser's and the sanitiser's regular expressions and code
 * (a few ms per message otherwise, in the frame that first shows a chat). The caller runs each
 * step in a task of its own: the whole sample at once was one task of about 140 ms in a Chrome
 * trace here, and a block a step still made tasks of 80 to 100 ms on a slow machine.
 */
export function warmUpSteps(): (() => void)[] {
	return SAMPLE.flatMap((block) => {
		let tokens: Token[] = [];
		let html = '';
		return [
			() => void (tokens = lexMarkdown(block)),
			() => void (html = tokens.map((token) => renderBlock(token)).join('')),
			() => void sanitizeHtml(html)
		];
	});
}

/** `text` as sanitised HTML, all at once: safe to assign to innerHTML. */
export function renderMarkdown(text: string): string {
	return sanitizeHtml(
		lexMarkdown(text)
			.map((token) => renderBlock(token))
			.join('')
	);
}
