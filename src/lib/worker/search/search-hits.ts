import type { MessageRole } from '$lib/protocol/record';
import { compareStrings } from '../journal';
import { fold, hasEveryTerm } from './fold';
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

/** A message the search may find. */
export interface SearchableMessage {
	id: string;
	sessionId: string;
	role: MessageRole;
	content: string;
	createdAt: string;
}

/** How many hits a search gives at most, and how many messages of one chat among them. */
export interface HitLimits {
	limit: number;
	perChat: number;
}

const newestFirst = (a: { at: string }, b: { at: string }) => compareStrings(b.at, a.at);

/**
 * Gathers the hits of one query: chats whose title has every term, then messages that have
 * every term, newest first, at most `perChat` of one chat. Keeps only what may rank; snippets
 * are cut for the hits given.
 */
export class HitCollector {
	readonly #terms: readonly string[];
	readonly #limits: HitLimits;
	readonly #chats: ReadonlyMap<string, SearchableChat>;
	#titles: SearchableChat[] = [];
	/** Each chat's best messages so far, newest first. */
	#messages = new Map<string, SearchableMessage[]>();

	/** Searches `chats` (the live ones: a message of any other is left out) for `terms`. */
	constructor(terms: readonly string[], chats: readonly SearchableChat[], limits: HitLimits) {
		this.#terms = terms;
		this.#limits = limits;
		this.#chats = new Map(chats.map((chat) => [chat.id, chat]));
		this.#titles = chats.filter((chat) => hasEveryTerm(fold(chat.title), terms));
	}

	/** Looks at one message. */
	offer(message: SearchableMessage): void {
		if (!this.#chats.has(message.sessionId)) return;
		const kept = this.#messages.get(message.sessionId) ?? [];
		const full = kept.length >= this.#limits.perChat;
		const last = kept[kept.length - 1];
		if (full && last && compareStrings(message.createdAt, last.createdAt) <= 0) return;
		if (!hasEveryTerm(fold(message.content), this.#terms)) return;
		kept.push(message);
		kept.sort((a, b) => compareStrings(b.createdAt, a.createdAt));
		if (kept.length > this.#limits.perChat) kept.pop();
		this.#messages.set(message.sessionId, kept);
	}

	/** The hits: titles first (most recent chat first), then messages, newest first. */
	hits(): SearchHit[] {
		const titles = [...this.#titles]
			.map((chat) => ({ chat, at: chat.lastActivityAt }))
			.sort(newestFirst)
			.slice(0, this.#limits.limit)
			.map(({ chat, at }): SearchHit => ({
				sessionId: chat.id,
				title: chat.title,
				messageId: null,
				role: null,
				snippet: snippet(chat.title, this.#terms, Infinity),
				at
			}));
		const messages = [...this.#messages.values()]
			.flat()
			.map((message) => ({ message, at: message.createdAt }))
			.sort(newestFirst)
			.slice(0, this.#limits.limit - titles.length)
			.map(({ message, at }): SearchHit => ({
				sessionId: message.sessionId,
				title: this.#chats.get(message.sessionId)?.title ?? '',
				messageId: message.id,
				role: message.role,
				snippet: snippet(message.content, this.#terms),
				at
			}));
		return [...titles, ...messages];
	}
}
