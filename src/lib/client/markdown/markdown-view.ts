import { BlockCache, type Block } from './block-cache';
import { BlockList } from './block-list';
import { copyText } from './copy-text';
import { cancelFrameJob, runFrameJob, scheduleFrameJob, type FrameJob } from './frame-queue';
import { onHighlighted } from './highlight';
import { COPY_LABEL } from './marked-renderer';

/** Longest text (characters) rendered as markdown; a longer one is shown as plain text. */
export const MARKDOWN_LIMIT = 200_000;

/**
 * Markdown (characters) put into the page per frame, at least one block: the layout of what
 * is put in comes after the frame's script, outside its time budget.
 */
export const CHARACTERS_PER_FRAME = 4000;

/** How long a copy button says what happened (ms). */
const FLASH_MS = 2000;

/** A render in progress: the text, its blocks, their HTML so far, and how many are shown. */
interface Pass {
	text: string;
	streaming: boolean;
	/** Null: too long for markdown, shown as plain text. */
	blocks: Block[] | null;
	html: string[];
	shown: number;
}

/**
 * Shows a message's markdown in `root` (an element the view alone fills) and keeps it current
 * as the text changes, within the frame budget of frame-queue.ts (a whole message at once if
 * the task has budget left, a reply being written at most once a frame), changing only the
 * blocks that changed. Until its first render the element
 * shows the text as it is (`data-state="pending"`), during it the blocks so far and the rest
 * plain (`partial`), then `rendered` (or `plain`: too long for markdown). While a reply
 * streams, the element has `data-streaming` and the end of its text a `data-cursor` mark.
 */
export class MarkdownView {
	readonly #root: HTMLElement;
	readonly #blocks: BlockList;
	readonly #cache = new BlockCache();
	readonly #job: FrameJob = (deadline) => this.#step(deadline);
	#text = '';
	#streaming = false;
	#shown: { text: string; streaming: boolean } | null = null;
	#pass: Pass | null = null;
	/** Time the current pass has taken so far (ms). */
	#spent = 0;
	/** While streaming, no pass starts before this time: rendering takes half the time at most. */
	#notBefore = 0;
	/** Cancels the wait for highlighted code, while code shows plain until it comes. */
	#unwait: (() => void) | null = null;
	/** Copy buttons saying "Copied" (or that it failed) for a while. */
	readonly #flashes = new Map<HTMLButtonElement, { label: string; timer: number }>();

	constructor(root: HTMLElement) {
		this.#root = root;
		this.#blocks = new BlockList(root);
		root.dataset.state = 'pending';
	}

	/** Shows `text`; `streaming`: a reply still being written (an unclosed code fence is code). */
	show(text: string, streaming: boolean): void {
		this.#text = text;
		this.#streaming = streaming;
		if (this.#shown === null && this.#pass === null) this.#root.textContent = text;
		if (this.#shown?.text === text && this.#shown.streaming === streaming) {
			cancelFrameJob(this.#job);
			this.#pass = null;
			return;
		}
		// A reply being written renders at most once a frame; a whole message at once if it can.
		if (streaming || this.#pass !== null) scheduleFrameJob(this.#job);
		else runFrameJob(this.#job);
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
		this.#unwait?.();
		for (const { timer } of this.#flashes.values()) clearTimeout(timer);
		this.#flashes.clear();
	}

	#step(deadline: number): boolean {
		const began = performance.now();
		if (this.#pass === null && this.#streaming && began < this.#notBefore) return false;
		try {
			return this.#work(deadline);
		} finally {
			this.#spent += performance.now() - began;
		}
	}

	/** One step of the current pass (a new one if none): false while there is more to do. */
	#work(deadline: number): boolean {
		if (this.#pass === null) {
			const text = this.#text;
			const streaming = this.#streaming;
			const blocks = text.length > MARKDOWN_LIMIT ? null : this.#cache.lex(text, streaming);
			this.#pass = { text, streaming, blocks, html: [], shown: 0 };
			if (performance.now() >= deadline) return false;
		}
		const pass = this.#pass;
		const blocks = pass.blocks ?? [];
		while (pass.html.length < blocks.length) {
			pass.html.push(this.#cache.html(blocks[pass.html.length] as Block));
			if (performance.now() >= deadline && pass.html.length < blocks.length) return false;
		}
		if (!this.#put(pass, deadline)) return false;
		// A text that changed meanwhile is rendered by the next pass: finishing this one first
		// keeps a reply that streams faster than it renders moving on the screen.
		this.#pass = null;
		this.#notBefore = performance.now() + this.#spent;
		this.#spent = 0;
		this.#shown = { text: pass.text, streaming: pass.streaming };
		return this.#text === pass.text && this.#streaming === pass.streaming;
	}

	/** Puts the pass's blocks into the page, CHARACTERS_PER_FRAME at a time: true when done. */
	#put(pass: Pass, deadline: number): boolean {
		const root = this.#root;
		if (root.dataset.state === 'pending') this.#blocks.clear();
		if (pass.blocks === null) {
			root.dataset.state = 'plain';
			this.#blocks.clear();
			root.textContent = pass.text;
		} else {
			if (root.dataset.state !== 'rendered') root.dataset.state = 'partial';
			let budget = CHARACTERS_PER_FRAME;
			while (pass.shown < pass.blocks.length) {
				const index = pass.shown++;
				const block = pass.blocks[index] as Block;
				if (this.#blocks.set(index, this.#cache.key(block), pass.html[index] ?? '')) {
					budget -= block.token.raw.length;
				}
				const more = pass.shown < pass.blocks.length;
				if (more && (budget <= 0 || performance.now() >= deadline)) {
					// The first render of a long message shows the rest as plain text meanwhile.
					if (this.#shown === null) {
						const rest = pass.blocks.slice(pass.shown);
						this.#blocks.rest(rest.map((next) => next.token.raw).join(''));
					}
					return false;
				}
			}
			this.#blocks.truncate(pass.blocks.length);
			this.#cache.keepOnly(pass.blocks);
			root.dataset.state = 'rendered';
			if (pass.blocks.some((block) => this.#cache.awaitsHighlight(block))) this.#highlightLater();
		}
		root.toggleAttribute('data-streaming', pass.streaming);
		this.#markCursor(pass.streaming);
		for (const [button, { label }] of this.#flashes) button.textContent = label;
		return true;
	}

	/** Renders again once highlighted code comes: only the code blocks change. */
	#highlightLater(): void {
		this.#unwait ??= onHighlighted(() => {
			this.#unwait = null;
			scheduleFrameJob(this.#job);
		});
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
