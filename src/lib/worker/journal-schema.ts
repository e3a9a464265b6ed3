import type { DBSchema, IDBPDatabase, IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
import { z } from 'zod';
import { RECORD_TYPES } from '$lib/protocol/record';
import { isPending, type LocalRecord } from '$lib/sync/local-record';
import type { JournalEntry, OutboxBatch } from './journal';

/**
 * Version of the journal's IndexedDB schema.
 * - 1: stores `entries` (indexes byType, bySession), `outbox` (byCreatedAt), `meta`.
 * - 2: `entries` gains byPending (the pending entries, by change time) and byPosition (each
 *   session's live messages in display order). Existing pending entries are marked.
 */
export const JOURNAL_DB_VERSION = 2;
/** Journal entries by key. */
export const ENTRIES_STORE = 'entries';
/** Batches sent or about to be sent, by batchId. */
export const OUTBOX_STORE = 'outbox';
/** Named values: the client id, the pull cursor. */
export const META_STORE = 'meta';

/**
 * An entry as IndexedDB holds it. `pendingAt` (its `changedAt`) is there only while the entry is
 * pending, so the sparse byPending index holds the pending entries and nothing else.
 */
export type StoredEntry = JournalEntry & { pendingAt?: number };

/** The typed IndexedDB schema of the journal. */
export interface JournalSchema extends DBSchema {
	[ENTRIES_STORE]: {
		key: string;
		value: StoredEntry;
		indexes: {
			byType: string;
			bySession: string;
			byPending: number;
			/** [data.sessionId, data.createdAt, id]: tombstones and sessions have none. */
			byPosition: [string, string, string];
		};
	};
	[OUTBOX_STORE]: { key: string; value: OutboxBatch; indexes: { byCreatedAt: number } };
	[META_STORE]: { key: string; value: { name: string; value: string } };
}

type UpgradeTransaction = IDBPTransaction<
	JournalSchema,
	StoreNames<JournalSchema>[],
	'versionchange'
>;

/** The entry as stored, marked for byPending when it is pending. */
export function toStored(entry: JournalEntry): StoredEntry {
	return isPending(entry) ? { ...entry, pendingAt: entry.changedAt } : entry;
}

/** The entry as the journal returns it: without the index mark. */
export function toEntry(stored: StoredEntry): JournalEntry {
	if (stored.pendingAt === undefined) return stored;
	const { pendingAt: _mark, ...entry } = stored;
	return entry as JournalEntry;
}

/** The fields of a version 1 row that decide whether it is pending. */
const v1Row = z
	.looseObject({
		key: z.string(),
		type: z.enum(RECORD_TYPES),
		deleted: z.boolean(),
		hash: z.string().nullable(),
		acked: z.string().nullable(),
		rejected: z.looseObject({ hash: z.string().nullable() }).nullable(),
		changedAt: z.number(),
		data: z.looseObject({ status: z.string().optional() }).nullable()
	})
	.refine((row) => row.deleted === (row.data === null));

/**
 * Marks the pending rows of a version 1 store. A row that does not have the shape of an entry
 * is kept as it is (unmarked) rather than failing the upgrade and locking the user out.
 */
async function markPending(
	entries: IDBPObjectStore<JournalSchema, StoreNames<JournalSchema>[], 'entries', 'versionchange'>
): Promise<void> {
	for (let cursor = await entries.openCursor(); cursor; cursor = await cursor.continue()) {
		const row = v1Row.safeParse(cursor.value);
		if (!row.success) continue;
		const stored = toStored(row.data as unknown as LocalRecord);
		if (stored.pendingAt !== undefined) await cursor.update(stored);
	}
}

/** Creates or upgrades the journal's stores, keeping every entry, batch and meta value. */
export function upgrade(
	db: IDBPDatabase<JournalSchema>,
	oldVersion: number,
	transaction: UpgradeTransaction
): void {
	if (oldVersion < 1) {
		const entries = db.createObjectStore(ENTRIES_STORE, { keyPath: 'key' });
		entries.createIndex('byType', 'type');
		entries.createIndex('bySession', 'sessionId');
		const outbox = db.createObjectStore(OUTBOX_STORE, { keyPath: 'batchId' });
		outbox.createIndex('byCreatedAt', 'createdAt');
		db.createObjectStore(META_STORE, { keyPath: 'name' });
	}
	if (oldVersion < 2) {
		const entries = transaction.objectStore(ENTRIES_STORE);
		// Both sparse: a row without the key path's value (not pending; not a live message) is
		// left out of the index.
		entries.createIndex('byPending', 'pendingAt');
		entries.createIndex('byPosition', ['data.sessionId', 'data.createdAt', 'id']);
		// The versionchange transaction stays open while the cursor runs, and openDB resolves
		// only after it commits. Any failure aborts it, so openDB rejects and nothing is half done.
		if (oldVersion >= 1) {
			markPending(entries).catch(() => {
				try {
					transaction.abort();
				} catch {
					// A failed request has aborted it already.
				}
			});
		}
	}
}
