import type { Journal } from '../journal';
import { queryTerms } from './fold';
import { HitCollector, type HitLimits, type SearchableChat, type SearchHit } from './search-hits';

/** What a search found. */
export interface SearchResults {
	query: string;
	hits: SearchHit[];
	/** Every message on the device was searched (false: the scan stopped at its bound). */
	complete: boolean;
}

/** How far a search reads, and how much it gives. */
export interface ScanLimits extends HitLimits {
	/** Messages read per journal request. */
	page: number;
	/** Most messages one search reads: past it, it gives what it found (complete: false). */
	maxMessages: number;
}

/** The limits the worker searches with. */
export const SEARCH_LIMITS: ScanLimits = { limit: 30, perChat: 3, page: 500, maxMessages: 50_000 };

/**
 * Searches the titles of `chats` and the content of their live messages in the journal for
 * every word of `query`, reading the messages a page at a time. `wanted` is asked between pages:
 * when it says no (a newer search started), the scan stops and gives what it found.
 */
export async function searchJournal(
	journal: Journal,
	chats: readonly SearchableChat[],
	query: string,
	wanted: () => boolean,
	limits: ScanLimits = SEARCH_LIMITS
): Promise<SearchResults> {
	const terms = queryTerms(query);
	if (terms.length === 0) return { query, hits: [], complete: true };
	const collector = new HitCollector(terms, chats, limits);
	let after: string | null = null;
	let read = 0;
	let complete = false;
	while (read < limits.maxMessages && wanted()) {
		const asked = Math.min(limits.page, limits.maxMessages - read);
		const page = await journal.scanMessages(after, asked);
		for (const entry of page) {
			if (entry.type !== 'message' || entry.deleted) continue;
			const { sessionId, role, content, createdAt } = entry.data;
			collector.offer({ id: entry.id, sessionId, role, content, createdAt });
		}
		read += page.length;
		after = page[page.length - 1]?.key ?? after;
		if (page.length < asked) {
			complete = true;
			break;
		}
	}
	return { query, hits: collector.hits(), complete };
}
