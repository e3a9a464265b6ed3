/*
 * Markdown (GitHub-flavoured) to HTML with marked, written for chat messages: raw HTML is shown
 * as text, links and images keep only http(s) and mailto URLs, images are links (the page loads
 * no image from elsewhere: CSP img-src 'self'), and code blocks carry a Copy button and
 * highlighting. The output is not yet trusted: sanitize.ts has the last word.
 */
import { Marked, Renderer, type Token, type Tokens, type TokensList } from 'marked';
import { highlightCode, highlightedStart } from './highlight';
import { safeHref } from './safe-url';

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

/** The accessible name of every code block's copy button. */
export const COPY_LABEL = 'Copy code';

/** A fence's language as a class-safe name (`c++` → `c++`, `"x onload` → null). */
export function languageOf(lang: string | undefined): string | null {
	const name = lang?.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
	return /^[a-z0-9][a-z0-9+#._-]{0,31}$/.test(name) ? name : null;
}

const renderer = {
	/** Raw HTML, block or inline, is shown as the text it is. */
	html(token: Tokens.HTML | Tokens.Tag): string {
		const text = escapeHtml(token.text);
		return 'block' in token && token.block
			? `<p>${text.trimEnd().replace(/\n/g, '<br>')}</p>\n`
			: text;
	},
	link(this: Renderer, { href, title, tokens }: Tokens.Link): string {
		const content = this.parser.parseInline(tokens);
		const url = safeHref(href);
		if (url === null) return content;
		const titled = title ? ` title="${escapeHtml(title)}"` : '';
		return `<a href="${escapeHtml(url)}"${titled}>${content}</a>`;
	},
	/** An image becomes a link to it named by its alt text: no image is loaded. */
	image({ href, title, text }: Tokens.Image): string {
		const alt = text.trim() || 'image';
		const url = safeHref(href);
		if (url === null) return escapeHtml(alt);
		const titled = title ? ` title="${escapeHtml(title)}"` : '';
		return `<a class="image-link" href="${escapeHtml(url)}"${titled}>${escapeHtml(alt)}</a>`;
	},
	code({ text, lang }: Tokens.Code): string {
		const language = languageOf(lang);
		const code =
			language === null || !highlighting ? escapeHtml(text) : highlightedHtml(text, language);
		const codeClass = language === null ? '' : ` class="hljs language-${language}"`;
		return (
			`<div class="code-block"><div class="code-head">` +
			`<span class="code-lang">${language ?? ''}</span>` +
			`<button type="button" class="copy-code">${COPY_LABEL}</button></div>` +
			`<pre tabindex="0"><code${codeClass}>${code}</code></pre></div>\n`
		);
	},
	/** A wide table scrolls inside the bubble instead of widening it. */
	table(this: Renderer, token: Tokens.Table): string {
		return `<div class="table-scroll" tabindex="0">${Renderer.prototype.table.call(this, token)}</div>\n`;
	}
};

/** Code as highlighted as it can be now: whole, its start (see highlightedStart), or plain. */
function highlightedHtml(text: string, language: string): string {
	const whole = highlightCode(text, language);
	if (whole !== null) return whole;
	const start = highlightedStart(text, language);
	return start ? start.html + escapeHtml(text.slice(start.code.length)) : escapeHtml(text);
}

const marked = new Marked({ gfm: true, breaks: true, async: false, renderer });

/** Whether code blocks are highlighted in the block being rendered (see renderBlock). */
let highlighting = true;

/** The top-level blocks of a markdown text, with the link definitions they refer to. */
export function lexMarkdown(text: string): TokensList {
	return marked.lexer(text);
}

/**
 * One top-level block (a token of lexMarkdown) as HTML, not yet sanitised; with
 * `highlight: false` its code is shown plain.
 */
export function renderBlock(
	token: Token,
	{ highlight = true }: { highlight?: boolean } = {}
): string {
	highlighting = highlight;
	try {
		return marked.parser([token]);
	} finally {
		highlighting = true;
	}
}
