import { localKey } from '$lib/sync/local-record';
import type { Journal } from '../journal';
import { queryTerms } from './fold';
import { HitCollector, type HitLimits, type SearchableChat, type SearchHit } from './search-hits';
import type { SearchIndex } from './search-index';

/** What a search found. */
export interface SearchResults {
	query: string;
	hits: SearchHit[];
	/** Every message on the device was searched (false: the index reached its bound). */
	complete: boolean;
}

/** How much a search gives: 30 hits, at most 3 messages of one chat. */
export const HIT_LIMITS: HitLimits = { limit: 30, perChat: 3 };

/**
 * Searches the titles of `chats` and their live messages for every word of `query`: the
 * messages as `index` holds them (read from `journal` the first time), the text of the hits
 * read back for their snippets.
 */
export async function searchChats(
	journal: Journal,
	index: SearchIndex,
	chats: readonly SearchableChat[],
	query: string,
	limits: HitLimits = HIT_LIMITS
): Promise<SearchResults> {
	const terms = queryTerms(query);
	if (terms.length === 0) return { query, hits: [], complete: true };
	const collector = new HitCollector(terms, chats, limits);
	const { messages, complete } = await index.messages(journal);
	for (const message of messages) collector.offer(message);
	const ranked = collector.ranked();
	const entries = await journal.getMany(ranked.messages.map((m) => localKey('message', m.id)));
	const contents = new Map<string, string>();
	for (const entry of entries) {
		if (entry?.type === 'message' && !entry.deleted) contents.set(entry.id, entry.data.content);
	}
	return { query, hits: collector.hits(ranked, contents), complete };
}
