import type { RecordType } from '$lib/protocol/record';
import { isPending } from '$lib/sync/local-record';
import {
	comparePositions,
	compareStrings,
	MESSAGE_KEYS_FROM,
	MESSAGE_KEYS_UNTIL,
	type Journal,
	type JournalEntry,
	type MessagePosition,
	type OutboxBatch
} from './journal';

/** The live messages of a session with their positions, in display order. */
function liveMessages(entries: Map<string, JournalEntry>, sessionId: string) {
	return [...entries.values()]
		.flatMap((e) =>
			e.type === 'message' && !e.deleted && e.sessionId === sessionId
				? [{ entry: e, at: { createdAt: e.data.createdAt, id: e.id } as MessagePosition }]
				: []
		)
		.sort((a, b) => comparePositions(a.at, b.at));
}

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
		async getMany(keys) {
			return keys.map((key) => {
				const entry = entries.get(key);
				return entry && copy(entry);
			});
		},
		async put(entry) {
			entries.set(entry.key, copy(entry));
		},
		async putMany(list, written) {
			// Every copy is made before the first write: one that fails writes nothing.
			const copies = list.map(copy);
			for (const entry of copies) entries.set(entry.key, entry);
			if (written) meta.set(written.name, written.value);
		},
		async update(keys, change, written) {
			const next = change(
				keys.map((key) => {
					const entry = entries.get(key);
					return entry && copy(entry);
				})
			);
			const copies = next.map(copy);
			for (const entry of copies) entries.set(entry.key, entry);
			if (written) meta.set(written.name, written.value);
			return next;
		},
		async messagePage(sessionId, limit, before) {
			const live = liveMessages(entries, sessionId).filter(
				(m) => before === undefined || comparePositions(m.at, before) < 0
			);
			return live.slice(Math.max(0, live.length - limit)).map((m) => copy(m.entry));
		},
		async endMessages(sessionIds, end) {
			return sessionIds.map((sessionId) => {
				const live = liveMessages(entries, sessionId);
				const found = end === 'oldest' ? live[0] : live[live.length - 1];
				return found && copy(found.entry);
			});
		},
		async scanMessages(after, limit) {
			return [...entries.keys()]
				.filter((key) => key >= MESSAGE_KEYS_FROM && key < MESSAGE_KEYS_UNTIL)
				.filter((key) => after === null || key > after)
				.sort(compareStrings)
				.slice(0, Math.max(0, limit))
				.map((key) => copy(entries.get(key) as JournalEntry));
		},
		async pending(limit) {
			return [...entries.values()]
				.filter(isPending)
				.sort((a, b) => a.changedAt - b.changedAt || compareStrings(a.key, b.key))
				.slice(0, limit)
				.map(copy);
		},
		async countPending() {
			return [...entries.values()].filter(isPending).length;
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
			return [...batches.values()]
				.sort((a, b) => a.createdAt - b.createdAt || compareStrings(a.batchId, b.batchId))
				.map(copy);
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
