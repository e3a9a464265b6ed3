import type { LocalRecord } from '$lib/sync/local-record';
import type { Journal } from './journal';
import type { RecordChange } from './sync-worker-api';

/** Past this many changes, a session's messages are read in one request, not one by one. */
const BULK_READ = 64;

/**
 * What the journal holds of each changed record, by key. A few changes are read one by one;
 * many (a whole conversation posted at once) are read a session at a time, which is one
 * IndexedDB request for all of a session's messages instead of one a message.
 */
export async function storedStates(
	journal: Journal,
	changes: readonly RecordChange[],
	keys: readonly string[]
): Promise<Map<string, LocalRecord>> {
	const found = new Map<string, LocalRecord>();
	const wanted = new Set(keys);
	if (changes.length > BULK_READ) {
		const sessions = new Set<string>();
		for (const change of changes)
			if (change.type === 'message') sessions.add(change.data.sessionId);
		for (const sessionId of sessions) {
			for (const entry of await journal.listBySession(sessionId)) {
				if (wanted.has(entry.key)) found.set(entry.key, entry);
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
