import type { MessageRole } from '$lib/protocol/record';
import { localKey, type LocalRecord } from '$lib/sync/local-record';
import type { Journal } from '../journal';
import type { ChangeNotice } from '../sync-worker-api';
import { fold } from './fold';

/** A live message as the search holds it: where it is, and its text folded for matching. */
export interface IndexedMessage {
	id: string;
	sessionId: string;
	role: MessageRole;
	createdAt: string;
	/** The start of its content (INDEXED_CHARS), folded (see fold.ts). */
	folded: string;
}

/** How much of one message the search looks at: its start. */
export const INDEXED_CHARS = 20_000;

/** How far the index reads, and how much it holds at most. */
export interface IndexLimits {
	/** Messages read per journal request while the index is built. */
	page: number;
	/** Most messages held: past it, the others are not searched. */
	maxMessages: number;
	/** Most characters held, all messages together. */
	maxChars: number;
}

/** The limits of the worker's index: about 32 MB of text at most. */
export const INDEX_LIMITS: IndexLimits = {
	page: 1_000,
	maxMessages: 100_000,
	maxChars: 16_000_000
};

/** The search's view of a journal entry: a live message, or nothing. */
export function indexedMessage(entry: LocalRecord | undefined): IndexedMessage | undefined {
	if (!entry || entry.type !== 'message' || entry.deleted) return undefined;
	const { sessionId, role, content, createdAt } = entry.data;
	return {
		id: entry.id,
		sessionId,
		role,
		createdAt,
		folded: fold(content.slice(0, INDEXED_CHARS))
	};
}

/**
 * The folded text of the journal's messages, held in the worker between searches so that each
 * keystroke does not read every message again. Built by the first search (a scan of the
 * journal, a page at a time), then kept current: this worker's own writes are applied, and what
 * other tabs wrote (their notices) is read again before the next search.
 */
export class SearchIndex {
	readonly #limits: IndexLimits;
	#messages = new Map<string, IndexedMessage>();
	#chars = 0;
	#built = false;
	#building: Promise<void> | undefined;
	/** Every message of the journal is held (false: a limit was reached). */
	#complete = true;
	/** Messages to read again from the journal before the next search. */
	#stale = new Set<string>();
	/** The messages of each read under way; one this worker writes meanwhile is left out of it. */
	#rereads = new Set<Set<string>>();
	/** Counts clear(): a build begun before one stops. */
	#generation = 0;

	constructor(limits: IndexLimits = INDEX_LIMITS) {
		this.#limits = limits;
	}

	/** Records this worker wrote to the journal. */
	wrote(records: readonly LocalRecord[]): void {
		if (!this.#built && !this.#building) return;
		for (const record of records) {
			if (record.type !== 'message') continue;
			if (this.#built) {
				for (const reread of this.#rereads) reread.delete(record.key);
				this.#stale.delete(record.key);
				this.#set(record.key, indexedMessage(record));
			} else {
				// The scan may have read it before or after: read it again once built.
				this.#stale.add(record.key);
			}
		}
	}

	/** Another tab wrote what the notice names. */
	heard(notice: ChangeNotice): void {
		if (!this.#built && !this.#building) return;
		for (const { ids } of notice.messages) {
			for (const id of ids) this.#stale.add(localKey('message', id));
		}
	}

	/** Forgets everything (another journal opens). */
	clear(): void {
		this.#messages = new Map();
		this.#chars = 0;
		this.#built = false;
		this.#building = undefined;
		this.#complete = true;
		this.#stale.clear();
		this.#rereads.clear();
		this.#generation++;
	}

	/** Every message held, brought up to date with `journal` first, and whether that is all. */
	async messages(
		journal: Journal
	): Promise<{ messages: Iterable<IndexedMessage>; complete: boolean }> {
		if (!this.#built) {
			const building = (this.#building ??= this.#build(journal));
			await building;
			// Cleared meanwhile (another journal opened): nothing to give.
			if (this.#building !== building) return { messages: [], complete: false };
		}
		if (this.#stale.size > 0) await this.#refresh(journal);
		return { messages: this.#messages.values(), complete: this.#complete };
	}

	#set(key: string, message: IndexedMessage | undefined): void {
		const old = this.#messages.get(key);
		if (old) {
			this.#chars -= old.folded.length;
			this.#messages.delete(key);
		}
		if (!message) return;
		if (
			this.#messages.size >= this.#limits.maxMessages ||
			this.#chars + message.folded.length > this.#limits.maxChars
		) {
			this.#complete = false;
			return;
		}
		this.#messages.set(key, message);
		this.#chars += message.folded.length;
	}

	async #build(journal: Journal): Promise<void> {
		const generation = this.#generation;
		let after: string | null = null;
		for (;;) {
			const page = await journal.scanMessages(after, this.#limits.page);
			if (generation !== this.#generation) return;
			for (const entry of page) this.#set(entry.key, indexedMessage(entry));
			after = page[page.length - 1]?.key ?? after;
			if (page.length < this.#limits.page || !this.#complete) break;
		}
		this.#built = true;
	}

	async #refresh(journal: Journal): Promise<void> {
		const generation = this.#generation;
		const keys = [...this.#stale];
		this.#stale.clear();
		const reread = new Set(keys);
		this.#rereads.add(reread);
		try {
			const entries = await journal.getMany(keys);
			if (generation !== this.#generation) return;
			for (const [i, key] of keys.entries()) {
				if (reread.has(key)) this.#set(key, indexedMessage(entries[i]));
			}
		} finally {
			this.#rereads.delete(reread);
		}
	}
}
