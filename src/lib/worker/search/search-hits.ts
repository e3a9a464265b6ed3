import type { MessageRole } from '$lib/protocol/record';
import { compareStrings } from '../journal';
import { fold, hasEveryTerm } from './fold';
import type { IndexedMessage } from './search-index';
import { snippet, type SnippetPart } from './snippet';

/** One chat or message that a search found. */
export interface SearchHit {
	sessionId: string;
	/** The chat's title as the list shows it. */
	title: string;
	/** The message found; null when the chat's title matched. */
	messageId: string | null;
	/** Who wrote the message found (null for a title). */
	role: MessageRole | null;
	/** Where the terms occur: the title, or a piece of the message around them. */
	snippet: SnippetPart[];
	/** When the message was written, or the chat's last activity for a title. */
	at: string;
}

/** A chat the search may find, as the list shows it. */
export interface SearchableChat {
	id: string;
	title: string;
	lastActivityAt: string;
}

/** How many hits a search gives at most, and how many messages of one chat among them. */
export interface HitLimits {
	limit: number;
	perChat: number;
}

/** What a search ranks first: chats by their title, then messages. */
export interface RankedHits {
	chats: SearchableChat[];
	messages: IndexedMessage[];
}

const newestFirst = (a: string, b: string) => compareStrings(b, a);

/**
 * Gathers the matches of one query: chats whose title has every term, and messages that have
 * every term, at most `perChat` of one chat (its newest). Keeps only what may rank.
 */
export class HitCollector {
	readonly #terms: readonly string[];
	readonly #limits: HitLimits;
	readonly #chats: ReadonlyMap<string, SearchableChat>;
	readonly #titles: SearchableChat[];
	/** Each chat's best messages so far, newest first. */
	#messages = new Map<string, IndexedMessage[]>();

	/** Searches `chats` (the live ones: a message of any other is left out) for `terms`. */
	constructor(terms: readonly string[], chats: readonly SearchableChat[], limits: HitLimits) {
		this.#terms = terms;
		this.#limits = limits;
		this.#chats = new Map(chats.map((chat) => [chat.id, chat]));
		this.#titles = chats.filter((chat) => hasEveryTerm(fold(chat.title), terms));
	}

	/** Looks at one message. */
	offer(message: IndexedMessage): void {
		if (!this.#chats.has(message.sessionId)) return;
		const kept = this.#messages.get(message.sessionId) ?? [];
		const last = kept[kept.length - 1];
		const full = kept.length >= this.#limits.perChat;
		if (full && last && compareStrings(message.createdAt, last.createdAt) <= 0) return;
		if (!hasEveryTerm(message.folded, this.#terms)) return;
		kept.push(message);
		kept.sort((a, b) => newestFirst(a.createdAt, b.createdAt));
		if (kept.length > this.#limits.perChat) kept.pop();
		this.#messages.set(message.sessionId, kept);
	}

	/** The best: titles first (most recent chat first), then messages, newest first. */
	ranked(): RankedHits {
		const chats = [...this.#titles]
			.sort((a, b) => newestFirst(a.lastActivityAt, b.lastActivityAt))
			.slice(0, this.#limits.limit);
		const messages = [...this.#messages.values()]
			.flat()
			.sort((a, b) => newestFirst(a.createdAt, b.createdAt))
			.slice(0, this.#limits.limit - chats.length);
		return { chats, messages };
	}

	/**
	 * The hits to show, with snippets cut from the messages' text (`contents` by message id; a
	 * message missing from it, deleted meanwhile, is left out).
	 */
	hits(ranked: RankedHits, contents: ReadonlyMap<string, string>): SearchHit[] {
		const titles = ranked.chats.map((chat): SearchHit => ({
			sessionId: chat.id,
			title: chat.title,
			messageId: null,
			role: null,
			snippet: snippet(chat.title, this.#terms, Infinity),
			at: chat.lastActivityAt
		}));
		const messages = ranked.messages.flatMap((message): SearchHit[] => {
			const content = contents.get(message.id);
			if (content === undefined) return [];
			return [
				{
					sessionId: message.sessionId,
					title: this.#chats.get(message.sessionId)?.title ?? '',
					messageId: message.id,
					role: message.role,
					snippet: snippet(content, this.#terms),
					at: message.createdAt
				}
			];
		});
		return [...titles, ...messages];
	}
}
