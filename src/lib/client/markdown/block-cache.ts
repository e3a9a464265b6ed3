import type { Token } from 'marked';
import { highlighted, requestHighlight } from './highlight';
import { languageOf, lexMarkdown, renderBlock } from './marked-renderer';
import { isPlainText, plainParagraphHtml, plainParagraphs } from './plain-text';
import { sanitizeHtml } from './sanitize';

/**
 * Longest code block (characters) highlighted while it is still being written: past it, the
 * block shows plain until it is complete, so that each frame of a long code answer does not
 * highlight all of it again.
 */
export const STREAMING_HIGHLIGHT_LIMIT = 4000;

/** A code block too long to highlight while it is being written (see STREAMING_HIGHLIGHT_LIMIT). */
const longGrowing = ({ token, growing }: Block) =>
	growing && token.type === 'code' && token.raw.length > STREAMING_HIGHLIGHT_LIMIT;

/** A line that may define a link (`[label]: url`). */
const DEFINITION = /^ {0,3}\[[^\]]+\]:/m;

/** A top-level block of a message, and whether it is the last one of a reply being written. */
export interface Block {
	token: Token;
	growing: boolean;
	/** A paragraph of a text without markdown (see plain-text.ts), rendered without marked. */
	plain?: true;
}

/**
 * The markdown of one message, split into its top-level blocks (paragraphs, lists, code blocks,
 * tables…), each rendered and sanitised once. As a reply grows only its last blocks change:
 * those alone are parsed and rendered again.
 */
export class BlockCache {
	#html = new Map<string, string>();
	#links = '';
	/** The last text lexed and all its tokens, when their raw text adds up to it. */
	#lexed: { text: string; tokens: Token[] } | null = null;

	/**
	 * The blocks of `text` that show something (blank lines and link definitions do not). With
	 * `streaming`, when `text` extends the last one, only its last two blocks are parsed again
	 * (the ones before cannot change by what is added after them, but for link definitions,
	 * which count once the reply is complete).
	 */
	lex(text: string, streaming: boolean): Block[] {
		if (isPlainText(text)) {
			this.#lexed = null;
			const paragraphs = plainParagraphs(text);
			return paragraphs.map((raw, index) => ({
				token: { type: 'paragraph', raw, text: raw, tokens: [] },
				growing: streaming && index === paragraphs.length - 1,
				plain: true
			}));
		}
		const tokens = this.#extend(text, streaming) ?? this.#lexAll(text);
		const shown = tokens.filter((token) => token.type !== 'space' && token.type !== 'def');
		return shown.map((token, index) => ({
			token,
			growing: streaming && index === shown.length - 1
		}));
	}

	/** The sanitised HTML of one block of the last `lex`. */
	html(block: Block): string {
		const key = this.key(block);
		let html = this.#html.get(key);
		if (html === undefined && block.plain) {
			html = plainParagraphHtml(block.token.raw);
			this.#html.set(key, html);
		} else if (html === undefined) {
			const code = this.#code(block);
			if (code) requestHighlight(code.text, code.language);
			// Without the line break marked writes after a block, a one-paragraph message's text
			// in the page is exactly its own.
			html = sanitizeHtml(renderBlock(block.token, { highlight: !longGrowing(block) })).trim();
			this.#html.set(key, html);
		}
		return html;
	}

	/**
	 * The key under which `html` keeps a block: tells when a shown block must change. Code shown
	 * plain (its highlighting has not come yet, or a long block is still being written) has a key
	 * of its own, so that it changes once it is highlighted.
	 */
	key(block: Block): string {
		const later = longGrowing(block) || this.awaitsHighlight(block);
		return later ? `plain\u0000${block.token.raw}` : block.token.raw;
	}

	/** Whether `block` is code whose highlighting is asked for and has not come yet. */
	awaitsHighlight(block: Block): boolean {
		const code = this.#code(block);
		return code !== null && highlighted(code.text, code.language) === undefined;
	}

	/** A code block's text and language, when it is to be highlighted now. */
	#code(block: Block): { text: string; language: string } | null {
		const { token } = block;
		if (token.type !== 'code' || longGrowing(block)) return null;
		const language = languageOf(token.lang as string | undefined);
		return language === null ? null : { text: token.text as string, language };
	}

	/** Forgets every block but `blocks` (the ones shown now). */
	keepOnly(blocks: readonly Block[]): void {
		const shown = new Set(blocks.map((block) => this.key(block)));
		for (const key of this.#html.keys()) if (!shown.has(key)) this.#html.delete(key);
	}

	#lexAll(text: string): Token[] {
		const tokens = lexMarkdown(text);
		// A link definition changes what `[text][label]` in any block renders to.
		const links = JSON.stringify(tokens.links);
		if (links !== this.#links) {
			this.#html.clear();
			this.#links = links;
		}
		const whole = tokens.map((token) => token.raw).join('') === text;
		this.#lexed = whole ? { text, tokens: [...tokens] } : null;
		return tokens;
	}

	/**
	 * The tokens of `text` when it extends the last text lexed, parsing only its end; or null.
	 * Once a reply is complete its blocks are parsed again from the start only if it defines
	 * links (`[label]: url`), which may change blocks before them.
	 */
	#extend(text: string, streaming: boolean): Token[] | null {
		const last = this.#lexed;
		if (!last || !text.startsWith(last.text)) return null;
		if (!streaming && (text !== last.text || DEFINITION.test(text))) return null;
		if (text === last.text) return last.tokens;
		let keep = last.tokens.length;
		for (let blocks = 0; keep > 0 && blocks < 2;) {
			keep--;
			if (last.tokens[keep]?.type !== 'space') blocks++;
		}
		const kept = last.tokens.slice(0, keep);
		const offset = kept.reduce((sum, token) => sum + token.raw.length, 0);
		const tail = lexMarkdown(text.slice(offset));
		if (tail.map((token) => token.raw).join('').length !== text.length - offset) return null;
		const tokens = [...kept, ...tail];
		this.#lexed = { text, tokens };
		return tokens;
	}
}
