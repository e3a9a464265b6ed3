import type { Token } from 'marked';
import { lexMarkdown, renderBlock } from './marked-renderer';
import { sanitizeHtml } from './sanitize';

/**
 * The markdown of one message, split into its top-level blocks (paragraphs, lists, code blocks,
 * tables…), each rendered and sanitised once: as a reply grows only its last block changes,
 * and only that one is rendered again.
 */
export class BlockCache {
	#html = new Map<string, string>();
	#links = '';

	/** The blocks of `text` that show something (blank lines and link definitions do not). */
	lex(text: string): Token[] {
		const tokens = lexMarkdown(text);
		// A link definition changes what `[text][label]` in any block renders to.
		const links = JSON.stringify(tokens.links);
		if (links !== this.#links) {
			this.#html.clear();
			this.#links = links;
		}
		return tokens.filter((token) => token.type !== 'space' && token.type !== 'def');
	}

	/** The sanitised HTML of one block of the last `lex`. */
	html(token: Token): string {
		let html = this.#html.get(token.raw);
		if (html === undefined) {
			html = sanitizeHtml(renderBlock(token));
			this.#html.set(token.raw, html);
		}
		return html;
	}

	/** Forgets every block but those of `tokens` (the ones shown now). */
	keepOnly(tokens: readonly Token[]): void {
		const shown = new Set(tokens.map((token) => token.raw));
		for (const key of this.#html.keys()) if (!shown.has(key)) this.#html.delete(key);
	}
}
