import { escapeHtml } from './marked-renderer';

/**
 * Anything that can mean something in GitHub-flavoured markdown: emphasis, code, links and
 * autolinks (`:`, `@`, `www.`), HTML and entities, headings, tables, lists, quotes, setext
 * underlines, indented code and line endings other than `\n`.
 */
const MARKUP = /[\\`*_~[\]<>#|!&:@=+\-\r\t]|www\.|^\s*\d+[.)]|^ {4}/m;

/** Whether `text` has no markdown in it: it renders as paragraphs of its own words. */
export function isPlainText(text: string): boolean {
	return !MARKUP.test(text);
}

/** The paragraphs of a plain text (see isPlainText), split at blank lines. */
export function plainParagraphs(text: string): string[] {
	return text
		.split(/\n\s*\n/)
		.map((paragraph) => paragraph.trim())
		.filter((paragraph) => paragraph !== '');
}

/**
 * A plain paragraph as HTML, as marked would write it (line breaks kept). Its text is escaped
 * and the markup fixed, so it needs no sanitiser: most messages are plain, and this is about
 * ten times cheaper than the markdown path.
 */
export function plainParagraphHtml(paragraph: string): string {
	return `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`;
}
