import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { RecordType } from '$lib/protocol/record';
import { isPending } from '$lib/sync/local-record';
import { comparePositions, type Journal, type JournalEntry, type OutboxBatch } from './journal';

/** Version of the journal's IndexedDB schema. */
export const JOURNAL_DB_VERSION = 1;
export const ENTRIES_STORE = 'entries';
export const OUTBOX_STORE = 'outbox';
export const META_STORE = 'meta';

/** The typed IndexedDB schema of the journal. */
export interface JournalSchema extends DBSchema {
	[ENTRIES_STORE]: {
		key: string;
		value: JournalEntry;
		indexes: { byType: string; bySession: string };
	};
	[OUTBOX_STORE]: { key: string; value: OutboxBatch; indexes: { byCreatedAt: number } };
	[META_STORE]: { key: string; value: { name: string; value: string } };
}

/** The IndexedDB database name of one user's journal. */
export function journalDbName(userId: string): string {
	return `outpost-journal-${userId}`;
}

/** Creates or upgrades the journal's stores. */
export function upgrade(db: IDBPDatabase<JournalSchema>, oldVersion: number): void {
	if (oldVersion < 1) {
		const entries = db.createObjectStore(ENTRIES_STORE, { keyPath: 'key' });
		entries.createIndex('byType', 'type');
		entries.createIndex('bySession', 'sessionId');
		const outbox = db.createObjectStore(OUTBOX_STORE, { keyPath: 'batchId' });
		outbox.createIndex('byCreatedAt', 'createdAt');
		db.createObjectStore(META_STORE, { keyPath: 'name' });
	}
}

/** Removes one user's journal from IndexedDB, once every tab has let go of it. */
export async function deleteIdbJournal(userId: string): Promise<void> {
	await deleteDB(journalDbName(userId));
}

/** Opens one user's journal in IndexedDB. Every write commits with strict durability. */
export async function openIdbJournal(userId: string): Promise<Journal> {
	const db = await openDB<JournalSchema>(journalDbName(userId), JOURNAL_DB_VERSION, {
		upgrade: (database, oldVersion) => upgrade(database, oldVersion),
		// Another tab removes or upgrades this journal: let it.
		blocking: () => db.close()
	});
	const strict = { durability: 'strict' } as const;
	return {
		get: (key) => db.get(ENTRIES_STORE, key),
		async getMany(keys) {
			const tx = db.transaction(ENTRIES_STORE, 'readonly');
			return Promise.all(keys.map((key) => tx.store.get(key)));
		},
		async put(entry) {
			const tx = db.transaction(ENTRIES_STORE, 'readwrite', strict);
			await Promise.all([tx.store.put(entry), tx.done]);
		},
		async putMany(list) {
			const tx = db.transaction(ENTRIES_STORE, 'readwrite', strict);
			await Promise.all([...list.map((entry) => tx.store.put(entry)), tx.done]);
		},
		// TODO(journal v2): read only the window and the pending entries through indexes.
		async messagePage(sessionId, limit, before) {
			const live = (await db.getAllFromIndex(ENTRIES_STORE, 'bySession', sessionId))
				.flatMap((e) =>
					e.type === 'message' && !e.deleted
						? [{ entry: e, at: { createdAt: e.data.createdAt, id: e.id } }]
						: []
				)
				.filter((m) => before === undefined || comparePositions(m.at, before) < 0)
				.sort((a, b) => comparePositions(a.at, b.at));
			return live.slice(Math.max(0, live.length - limit)).map((m) => m.entry);
		},
		async pending(limit) {
			return (await db.getAll(ENTRIES_STORE))
				.filter(isPending)
				.sort((a, b) => a.changedAt - b.changedAt || a.key.localeCompare(b.key))
				.slice(0, limit);
		},
		async countPending() {
			return (await db.getAll(ENTRIES_STORE)).filter(isPending).length;
		},
		listByType: (type: RecordType) => db.getAllFromIndex(ENTRIES_STORE, 'byType', type),
		async listBySession(sessionId) {
			const entries = await db.getAllFromIndex(ENTRIES_STORE, 'bySession', sessionId);
			return entries.filter((e) => e.type === 'message');
		},
		all: () => db.getAll(ENTRIES_STORE),
		outbox: () => db.getAllFromIndex(OUTBOX_STORE, 'byCreatedAt'),
		async putBatch(batch) {
			const tx = db.transaction(OUTBOX_STORE, 'readwrite', strict);
			await Promise.all([tx.store.put(batch), tx.done]);
		},
		async deleteBatch(batchId) {
			const tx = db.transaction(OUTBOX_STORE, 'readwrite', strict);
			await Promise.all([tx.store.delete(batchId), tx.done]);
		},
		async getMeta(name) {
			return (await db.get(META_STORE, name))?.value;
		},
		async setMeta(name, value) {
			const tx = db.transaction(META_STORE, 'readwrite', strict);
			await Promise.all([tx.store.put({ name, value }), tx.done]);
		},
		close: () => db.close()
	};
}
