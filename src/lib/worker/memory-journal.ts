import type { RecordType } from '$lib/protocol/record';
import type { Journal, JournalEntry, OutboxBatch } from './journal';

/** A Journal held in memory: for tests and for browsers without IndexedDB. */
export function memoryJournal(): Journal {
	const entries = new Map<string, JournalEntry>();
	const batches = new Map<string, OutboxBatch>();
	const meta = new Map<string, string>();
	const copy = <T>(value: T): T => structuredClone(value);
	return {
		async get(key) {
			const entry = entries.get(key);
			return entry && copy(entry);
		},
		async put(entry) {
			entries.set(entry.key, copy(entry));
		},
		async listByType(type: RecordType) {
			return [...entries.values()].filter((e) => e.type === type).map(copy);
		},
		async listBySession(sessionId) {
			return [...entries.values()]
				.filter((e) => e.type === 'message' && e.sessionId === sessionId)
				.map(copy);
		},
		async all() {
			return [...entries.values()].map(copy);
		},
		async outbox() {
			return [...batches.values()].sort((a, b) => a.createdAt - b.createdAt).map(copy);
		},
		async putBatch(batch) {
			batches.set(batch.batchId, copy(batch));
		},
		async deleteBatch(batchId) {
			batches.delete(batchId);
		},
		async getMeta(name) {
			return meta.get(name);
		},
		async setMeta(name, value) {
			meta.set(name, value);
		},
		close() {}
	};
}
