import type { LocalRecord } from '$lib/sync/local-record';
import type { Journal } from './journal';
import type { SessionCache } from './session-cache';
import type { RecordChange } from './sync-worker-api';

/** Past this many changes, a session's messages are read in one request, not one by one. */
const BULK_READ = 64;

/**
 * What the journal holds of each changed record, by key. A few changes are read one by one;
 * many (a whole conversation posted at once) are read a session at a time, from `cache` when it
 * holds the session, else in one IndexedDB request for all its messages (then cached).
 */
export async function storedStates(
	journal: Journal,
	changes: readonly RecordChange[],
	keys: readonly string[],
	cache: SessionCache
): Promise<Map<string, LocalRecord>> {
	const found = new Map<string, LocalRecord>();
	const wanted = new Set(keys);
	if (changes.length > BULK_READ) {
		const sessions = new Set<string>();
		for (const change of changes)
			if (change.type === 'message') sessions.add(change.data.sessionId);
		for (const sessionId of sessions) {
			const byKey =
				cache.get(sessionId) ?? cache.fill(sessionId, await journal.listBySession(sessionId));
			for (const key of wanted) {
				const entry = byKey.get(key);
				if (entry) found.set(key, entry);
			}
		}
	}
	// The rest (sessions, messages stored under another session, new records) one by one.
	const rest = [...wanted].filter((key) => !found.has(key));
	const entries = await journal.getMany(rest);
	entries.forEach((entry, index) => {
		if (entry) found.set(rest[index] as string, entry);
	});
	return found;
}
