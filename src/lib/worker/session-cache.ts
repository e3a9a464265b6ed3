import type { LocalRecord } from '$lib/sync/local-record';
import type { ChangeNotice } from './sync-worker-api';

/**
 * The stored entries of whole conversations, as this worker last read or wrote them, so that
 * saving a whole conversation again compares it in memory instead of reading it back. Filled
 * only by such saves; kept current by this worker's own writes; a session another tab wrote
 * to is read again the next time.
 */
export class SessionCache {
	#sessions = new Map<string, Map<string, LocalRecord>>();

	/** The entries of a cached session's messages by key, or undefined when not cached. */
	get(sessionId: string): ReadonlyMap<string, LocalRecord> | undefined {
		return this.#sessions.get(sessionId);
	}

	/** Every message entry of a session, read from the journal. */
	fill(sessionId: string, entries: readonly LocalRecord[]): ReadonlyMap<string, LocalRecord> {
		const byKey = new Map<string, LocalRecord>();
		for (const entry of entries) if (entry.type === 'message') byKey.set(entry.key, entry);
		this.#sessions.set(sessionId, byKey);
		return byKey;
	}

	/** Entries this worker wrote to the journal. */
	wrote(records: readonly LocalRecord[]): void {
		for (const record of records) {
			if (record.type !== 'message') continue;
			// A message that moved leaves its old session's cache out of date: drop them all.
			for (const [sessionId, byKey] of this.#sessions) {
				if (sessionId !== record.sessionId && byKey.has(record.key))
					this.#sessions.delete(sessionId);
			}
			this.#sessions.get(record.sessionId)?.set(record.key, record);
		}
	}

	/** Another tab wrote these: their sessions are read from the journal next time. */
	heard(notice: ChangeNotice): void {
		for (const { sessionId } of notice.messages) this.#sessions.delete(sessionId);
	}

	clear(): void {
		this.#sessions.clear();
	}
}
