import { morphChildren } from './morph';

/**
 * The rendered blocks of a message: one `div.block` child of the root per top-level markdown
 * block, in order, each remembered by the key of what it shows so that an unchanged block is
 * left alone. While a long message is first put in, the text of the blocks not yet there shows
 * plain in a last `div.rest`.
 */
export class BlockList {
	readonly #root: HTMLElement;
	readonly #template = document.createElement('template');
	#keys: string[] = [];
	#rest: HTMLElement | null = null;

	constructor(root: HTMLElement) {
		this.#root = root;
	}

	/** Empties the root of anything else (the plain text shown before the first render). */
	clear(): void {
		this.#root.textContent = '';
		this.#keys = [];
		this.#rest = null;
	}

	/** Shows block `index` as `html` (sanitised) unless it shows `key` already; true if it changed. */
	set(index: number, key: string, html: string): boolean {
		if (this.#keys[index] === key) return false;
		const shown = this.#root.children[index];
		if (shown && shown !== this.#rest) {
			// A template's content is inert: nothing in it loads or runs while it is parsed.
			this.#template.innerHTML = html;
			morphChildren(shown, this.#template.content);
		} else {
			const added = document.createElement('div');
			added.className = 'block';
			added.innerHTML = html;
			this.#root.insertBefore(added, this.#rest);
		}
		this.#keys[index] = key;
		return true;
	}

	/** Shows `text` plain after the blocks put in so far (null: nothing). */
	rest(text: string | null): void {
		if (text === null) {
			this.#rest?.remove();
			this.#rest = null;
			return;
		}
		if (!this.#rest) {
			this.#rest = document.createElement('div');
			this.#rest.className = 'rest';
			this.#root.append(this.#rest);
		}
		this.#rest.textContent = text;
	}

	/** Removes the blocks from `count` on. */
	truncate(count: number): void {
		this.rest(null);
		while (this.#root.children.length > count) this.#root.lastElementChild?.remove();
		this.#keys.length = count;
	}
}
