/*
 * Markdown for chat messages: GitHub-flavoured markdown to sanitised HTML (marked, DOMPurify,
 * highlight.js in a worker of its own), and a view that renders it into an element as a reply streams.
 */
import { lexMarkdown, renderBlock } from './marked-renderer';
import { sanitizeHtml } from './sanitize';

export { MarkdownView, MARKDOWN_LIMIT } from './markdown-view';
export { COPY_LABEL } from './marked-renderer';
export { loadHighlighter } from './highlight';

/** A little of every kind of block and inline markup (see warmUpRenderer). */
const SAMPLE = [
	'# Title',
	'A *paragraph* with **strong**, `code`, ~~struck~~ and a [link](https://example.com).',
	'- one\n- two\n\n1. first\n2. second',
	'> quoted',
	'| a | b |\n| - | -: |\n| 1 | 2 |',
	'```ts\nconst a = 1;\n```',
	'---'
].join('\n\n');

/**
 * Renders a sample once, so that the first messages shown do not pay for compiling the
 * parser's and the sanitiser's regular expressions and code (a few ms per message otherwise,
 * in the frame that first shows a chat).
 */
export function warmUpRenderer(): void {
	renderMarkdown(SAMPLE);
}

/** `text` as sanitised HTML, all at once: safe to assign to innerHTML. */
export function renderMarkdown(text: string): string {
	return sanitizeHtml(
		lexMarkdown(text)
			.map((token) => renderBlock(token))
			.join('')
	);
}
