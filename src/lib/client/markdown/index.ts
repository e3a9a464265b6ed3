/*
 * Markdown for chat messages: GitHub-flavoured markdown to sanitised HTML (marked, DOMPurify,
 * highlight.js), and a view that renders it into an element as a reply streams.
 */
import { lexMarkdown, renderBlock } from './marked-renderer';
import { sanitizeHtml } from './sanitize';

export { MarkdownView, MARKDOWN_LIMIT } from './markdown-view';
export { COPY_LABEL } from './marked-renderer';
export { loadHighlighter } from './highlight';

/** `text` as sanitised HTML, all at once: safe to assign to innerHTML. */
export function renderMarkdown(text: string): string {
	return sanitizeHtml(
		lexMarkdown(text)
			.map((token) => renderBlock(token))
			.join('')
	);
}
