import type { Token } from 'marked';
import { BlockCache } from './block-cache';
import { copyText } from './copy-text';
import { cancelFrameJob, scheduleFrameJob, type FrameJob } from './frame-queue';
import { COPY_LABEL } from './marked-renderer';
import { morphChildren } from './morph';

/** Longest text (characters) rendered as markdown; a longer one is shown as plain text. */
export const MARKDOWN_LIMIT = 200_000;

/** How long a copy button says what happened (ms). */
const FLASH_MS = 2000;

/** A render in progress: the text, its blocks, and the HTML of the first of them. */
interface Pass {
	text: string;
	streaming: boolean;
	/** Null: too long for markdown, shown as plain text. */
	tokens: Token[] | null;
	html: string[];
}

/**
 * Shows a message's markdown in `root` (an element the view alone fills) and keeps it current
 * as the text changes: at most once per animation frame, within the frame budget of
 * frame-queue.ts, changing only the blocks that changed. Until its first render the element
 * shows the text as it is (`data-state="pending"`). While a reply streams, the element has
 * `data-streaming` and the end of its text a `data-cursor` mark.
 */
export class MarkdownView {
	readonly #root: HTMLElement;
	readonly #cache = new BlockCache();
	readonly #job: FrameJob = (deadline) => this.#step(deadline);
	/** The block each child of the root shows (its raw markdown). */
	#keys: string[] = [];
	#text = '';
	#streaming = false;
	#shown: { text: string; streaming: boolean } | null = null;
	#pass: Pass | null = null;
	/** Copy buttons saying "Copied" (or that it failed) for a while. */
	readonly #flashes = new Map<HTMLButtonElement, { label: string; timer: number }>();

	constructor(root: HTMLElement) {
		this.#root = root;
		root.dataset.state = 'pending';
	}

	/** Shows `text`; `streaming`: a reply still being written (an unclosed code fence is code). */
	show(text: string, streaming: boolean): void {
		this.#text = text;
		this.#streaming = streaming;
		if (this.#shown === null) this.#root.textContent = text;
		if (this.#shown?.text === text && this.#shown.streaming === streaming) {
			cancelFrameJob(this.#job);
			this.#pass = null;
			return;
		}
		scheduleFrameJob(this.#job);
	}

	/** Copies the code of the block whose Copy button is `target` or holds it; false if none. */
	async copyFrom(target: EventTarget | null): Promise<boolean> {
		if (!(target instanceof Element)) return false;
		const button = target.closest('button.copy-code');
		if (!(button instanceof HTMLButtonElement) || !this.#root.contains(button)) return false;
		const code = button.closest('.code-block')?.querySelector('pre code');
		const copied = await copyText(code?.textContent ?? '');
		this.#flash(button, copied ? 'Copied' : 'Copy failed');
		return true;
	}

	/** Stops rendering; the element keeps what it shows. */
	destroy(): void {
		cancelFrameJob(this.#job);
		for (const { timer } of this.#flashes.values()) clearTimeout(timer);
		this.#flashes.clear();
	}

	#step(deadline: number): boolean {
		if (this.#pass === null) {
			const text = this.#text;
			const tokens = text.length > MARKDOWN_LIMIT ? null : this.#cache.lex(text);
			this.#pass = { text, streaming: this.#streaming, tokens, html: [] };
			if (performance.now() >= deadline) return false;
		}
		const pass = this.#pass;
		const tokens = pass.tokens ?? [];
		while (pass.html.length < tokens.length) {
			pass.html.push(this.#cache.html(tokens[pass.html.length] as Token));
			if (performance.now() >= deadline && pass.html.length < tokens.length) return false;
		}
		// A text that changed meanwhile is rendered in a later step: finishing the pass first
		// keeps a reply streaming faster than it renders moving on the screen.
		this.#apply(pass);
		this.#pass = null;
		this.#shown = { text: pass.text, streaming: pass.streaming };
		return this.#text === pass.text && this.#streaming === pass.streaming;
	}

	#apply(pass: Pass): void {
		const root = this.#root;
		if (root.dataset.state === 'pending') {
			root.textContent = '';
			this.#keys = [];
		}
		if (pass.tokens === null) {
			root.dataset.state = 'plain';
			root.textContent = pass.text;
			this.#keys = [];
		} else {
			root.dataset.state = 'rendered';
			this.#applyBlocks(pass.tokens, pass.html);
			this.#cache.keepOnly(pass.tokens);
		}
		root.toggleAttribute('data-streaming', pass.streaming);
		this.#markCursor(pass.streaming);
		for (const [button, { label }] of this.#flashes) button.textContent = label;
	}

	#applyBlocks(tokens: Token[], html: string[]): void {
		const root = this.#root;
		const template = document.createElement('template');
		for (const [index, token] of tokens.entries()) {
			if (this.#keys[index] === token.raw) continue;
			let block = root.children[index];
			if (!block) {
				block = document.createElement('div');
				block.className = 'block';
				root.append(block);
			}
			// A template's content is inert: nothing in it loads or runs while it is parsed.
			template.innerHTML = html[index] ?? '';
			morphChildren(block, template.content);
			this.#keys[index] = token.raw;
		}
		while (root.children.length > tokens.length) root.lastElementChild?.remove();
		this.#keys.length = tokens.length;
	}

	/** Marks the element that ends the text, where the streaming cursor shows. */
	#markCursor(streaming: boolean): void {
		for (const marked of this.#root.querySelectorAll('[data-cursor]')) {
			marked.removeAttribute('data-cursor');
		}
		const last = this.#root.lastElementChild;
		if (!streaming || !last) return;
		const walker = document.createTreeWalker(last, NodeFilter.SHOW_TEXT, {
			acceptNode: (node) =>
				node.nodeValue?.trim() && !node.parentElement?.closest('.code-head')
					? NodeFilter.FILTER_ACCEPT
					: NodeFilter.FILTER_REJECT
		});
		let end: Node | null = null;
		while (walker.nextNode()) end = walker.currentNode;
		const parent = end?.parentElement ?? last.querySelector('code') ?? last.lastElementChild;
		parent?.setAttribute('data-cursor', '');
	}

	#flash(button: HTMLButtonElement, label: string): void {
		const previous = this.#flashes.get(button);
		if (previous) clearTimeout(previous.timer);
		button.textContent = label;
		const timer = window.setTimeout(() => {
			this.#flashes.delete(button);
			button.textContent = COPY_LABEL;
		}, FLASH_MS);
		this.#flashes.set(button, { label, timer });
	}
}
