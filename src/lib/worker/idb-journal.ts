import { deleteDB, openDB, type IDBPDatabase } from 'idb';
import type { RecordType } from '$lib/protocol/record';
import {
	MESSAGE_KEYS_FROM,
	MESSAGE_KEYS_UNTIL,
	type Journal,
	type JournalEntry,
	type MessageEnd,
	type MessagePosition
} from './journal';
import {
	ENTRIES_STORE,
	JOURNAL_DB_VERSION,
	META_STORE,
	OUTBOX_STORE,
	toEntry,
	toStored,
	upgrade,
	type JournalSchema,
	type StoredEntry
} from './journal-schema';

/** The IndexedDB database name of one user's journal. */
export function journalDbName(userId: string): string {
	return `outpost-journal-${userId}`;
}

/** Whole-transaction durability for every write: losing one loses a user's words. */
const STRICT = { durability: 'strict' } as const;

/**
 * The key range of a session's messages before `before` (all of them without it) in the
 * byPosition index. An array sorts after every string, so `[sessionId, []]` is above them all.
 */
function windowRange(sessionId: string, before: MessagePosition | undefined): IDBKeyRange {
	return before === undefined
		? IDBKeyRange.bound([sessionId], [sessionId, []])
		: IDBKeyRange.bound([sessionId], [sessionId, before.createdAt, before.id], false, true);
}

/** The last `limit` messages of a window, read newest first and returned oldest first. */
async function readWindow(
	db: IDBPDatabase<JournalSchema>,
	range: IDBKeyRange,
	limit: number
): Promise<JournalEntry[]> {
	const page: JournalEntry[] = [];
	if (limit <= 0) return page;
	const index = db.transaction(ENTRIES_STORE, 'readonly').store.index('byPosition');
	let cursor = await index.openCursor(range, 'prev');
	while (cursor) {
		page.push(toEntry(cursor.value));
		cursor = page.length < limit ? await cursor.continue() : null;
	}
	return page.reverse();
}

/** Each session's first or last live message, read in one transaction, one cursor step each. */
async function readEnds(
	db: IDBPDatabase<JournalSchema>,
	sessionIds: readonly string[],
	end: MessageEnd
): Promise<(JournalEntry | undefined)[]> {
	if (sessionIds.length === 0) return [];
	const index = db.transaction(ENTRIES_STORE, 'readonly').store.index('byPosition');
	const direction = end === 'oldest' ? 'next' : 'prev';
	return Promise.all(
		sessionIds.map(async (sessionId) => {
			const cursor = await index.openCursor(windowRange(sessionId, undefined), direction);
			return cursor ? toEntry(cursor.value) : undefined;
		})
	);
}

/** A page of message entries in key order after `after`. */
async function readMessageKeys(
	db: IDBPDatabase<JournalSchema>,
	after: string | null,
	limit: number
): Promise<JournalEntry[]> {
	// getAll's count 0 means "no limit".
	if (limit <= 0 || (after !== null && after >= MESSAGE_KEYS_UNTIL)) return [];
	const open = after !== null && after >= MESSAGE_KEYS_FROM;
	const range = IDBKeyRange.bound(open ? after : MESSAGE_KEYS_FROM, MESSAGE_KEYS_UNTIL, open, true);
	const rows = await db.getAll(ENTRIES_STORE, range, Math.min(limit, 2 ** 32 - 1));
	return rows.map(toEntry);
}

/**
 * Reads the entries of `keys` and writes what `change` makes of them (and the meta value) in
 * one strict transaction, or writes none of them.
 */
async function updateEntries(
	db: IDBPDatabase<JournalSchema>,
	keys: readonly string[],
	change: (current: (JournalEntry | undefined)[]) => JournalEntry[],
	meta?: { name: string; value: string }
): Promise<JournalEntry[]> {
	const tx = db.transaction([ENTRIES_STORE, META_STORE], 'readwrite', STRICT);
	const writes: Promise<unknown>[] = [tx.done];
	try {
		const store = tx.objectStore(ENTRIES_STORE);
		const rows = await Promise.all(keys.map((key) => store.get(key)));
		const next = change(rows.map((row) => row && toEntry(row)));
		// put() throws at once for a value it cannot store: the puts before it must not commit.
		for (const entry of next) writes.push(store.put(toStored(entry)));
		if (meta) writes.push(tx.objectStore(META_STORE).put(meta));
		await Promise.all(writes);
		return next;
	} catch (error) {
		try {
			tx.abort();
		} catch {
			// Already aborted by the failed request.
		}
		await Promise.allSettled(writes);
		throw error;
	}
}

/** Removes one user's journal from IndexedDB, once every tab has let go of it. */
export async function deleteIdbJournal(userId: string): Promise<void> {
	await deleteDB(journalDbName(userId));
}

/** Opens one user's journal in IndexedDB. Every write commits with strict durability. */
export async function openIdbJournal(userId: string): Promise<Journal> {
	const db = await openDB<JournalSchema>(journalDbName(userId), JOURNAL_DB_VERSION, {
		upgrade: (database, oldVersion, _newVersion, transaction) =>
			upgrade(database, oldVersion, transaction),
		// Another tab removes or upgrades this journal: let it.
		blocking: () => db.close()
	});
	const entries = (rows: StoredEntry[]) => rows.map(toEntry);
	return {
		async get(key) {
			const row = await db.get(ENTRIES_STORE, key);
			return row && toEntry(row);
		},
		async getMany(keys) {
			const tx = db.transaction(ENTRIES_STORE, 'readonly');
			const rows = await Promise.all(keys.map((key) => tx.store.get(key)));
			return rows.map((row) => row && toEntry(row));
		},
		put: async (entry) => {
			await updateEntries(db, [], () => [entry]);
		},
		putMany: async (list, meta) => {
			await updateEntries(db, [], () => [...list], meta);
		},
		update: (keys, change, meta) => updateEntries(db, keys, change, meta),
		messagePage: (sessionId, limit, before) =>
			readWindow(db, windowRange(sessionId, before), limit),
		endMessages: (sessionIds, end) => readEnds(db, sessionIds, end),
		scanMessages: (after, limit) => readMessageKeys(db, after, limit),
		async pending(limit) {
			// getAll's count 0 means "no limit".
			if (limit <= 0) return [];
			const count = Math.min(limit, 2 ** 32 - 1);
			return entries(await db.getAllFromIndex(ENTRIES_STORE, 'byPending', null, count));
		},
		countPending: () => db.countFromIndex(ENTRIES_STORE, 'byPending'),
		listByType: async (type: RecordType) =>
			entries(await db.getAllFromIndex(ENTRIES_STORE, 'byType', type)),
		async listBySession(sessionId) {
			const rows = await db.getAllFromIndex(ENTRIES_STORE, 'bySession', sessionId);
			return entries(rows.filter((e) => e.type === 'message'));
		},
		all: async () => entries(await db.getAll(ENTRIES_STORE)),
		outbox: () => db.getAllFromIndex(OUTBOX_STORE, 'byCreatedAt'),
		async putBatch(batch) {
			const tx = db.transaction(OUTBOX_STORE, 'readwrite', STRICT);
			await Promise.all([tx.store.put(batch), tx.done]);
		},
		async deleteBatch(batchId) {
			const tx = db.transaction(OUTBOX_STORE, 'readwrite', STRICT);
			await Promise.all([tx.store.delete(batchId), tx.done]);
		},
		async getMeta(name) {
			return (await db.get(META_STORE, name))?.value;
		},
		async setMeta(name, value) {
			const tx = db.transaction(META_STORE, 'readwrite', STRICT);
			await Promise.all([tx.store.put({ name, value }), tx.done]);
		},
		close: () => db.close()
	};
}
