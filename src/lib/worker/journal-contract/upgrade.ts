import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalRecord } from '$lib/sync/local-record';
import { journalDbName, openIdbJournal } from '../idb-journal';
import { JOURNAL_DB_VERSION } from '../journal-schema';
import type { Journal, OutboxBatch } from '../journal';
import { at, byKey, hashOf, messageEntry, sessionEntry, tombstone } from './entries';

/** What version 1 of the journal wrote, and which of it is pending (oldest change first). */
const v1Entries: LocalRecord[] = [
	sessionEntry('s1', {}, { changedAt: 30 }),
	sessionEntry('s2', {}, { acked: hashOf(2), hash: hashOf(2) }),
	messageEntry('m1', 's1', { createdAt: at(1) }, { changedAt: 10 }),
	messageEntry('m2', 's1', { createdAt: at(2) }, { acked: hashOf(3), hash: hashOf(3) }),
	messageEntry(
		'm3',
		's1',
		{ createdAt: at(3) },
		{ hash: hashOf(4), rejected: { hash: hashOf(4), code: 'invalid_record', message: 'no' } }
	),
	messageEntry('m4', 's1', { createdAt: at(4), status: 'streaming' }),
	tombstone('message', 'm5', 's1', { changedAt: 20, acked: hashOf(5) }),
	tombstone('message', 'm6', 's1', { acked: 'deleted' })
];
const v1Pending = ['message:m1', 'message:m5', 'session:s1'];
/** A row that is not an entry at all: kept as it is, never pending. */
const strayRow = { key: 'message:stray', type: 'message', sessionId: 's1' };
const v1Batch: OutboxBatch = {
	batchId: 'b1',
	body: '{}',
	records: [{ key: 'message:m1', hash: hashOf('mm1') }],
	createdAt: 5,
	attempts: 1,
	failure: null
};

/** Creates a version 1 journal database with raw idb calls, as version 1 of the code did. */
async function createV1(name: string): Promise<void> {
	const db = await openDB(name, 1, {
		upgrade(database) {
			const entries = database.createObjectStore('entries', { keyPath: 'key' });
			entries.createIndex('byType', 'type');
			entries.createIndex('bySession', 'sessionId');
			const outbox = database.createObjectStore('outbox', { keyPath: 'batchId' });
			outbox.createIndex('byCreatedAt', 'createdAt');
			database.createObjectStore('meta', { keyPath: 'name' });
		}
	});
	const tx = db.transaction(['entries', 'outbox', 'meta'], 'readwrite');
	await Promise.all([
		...[...v1Entries, strayRow].map((row) => tx.objectStore('entries').put(row)),
		tx.objectStore('outbox').put(v1Batch),
		tx.objectStore('meta').put({ name: 'cursor', value: 'c7.1' }),
		tx.done
	]);
	db.close();
}

/** The upgrade of a version 1 journal database, against whatever `indexedDB` is global. */
export function describeJournalUpgrade(name: string): void {
	describe(`${name} (journal upgrade from version 1)`, () => {
		const opened: { userId: string; journal?: Journal }[] = [];
		afterEach(async () => {
			for (const { userId, journal } of opened.splice(0)) {
				journal?.close();
				await deleteDB(journalDbName(userId));
			}
		});

		/** A version 1 database of a new user, opened by the journal. */
		async function upgraded(): Promise<Journal> {
			const slot: { userId: string; journal?: Journal } = { userId: crypto.randomUUID() };
			opened.push(slot);
			await createV1(journalDbName(slot.userId));
			slot.journal = await openIdbJournal(slot.userId);
			return slot.journal;
		}

		it('keeps every entry, batch and meta value as it was', async () => {
			const journal = await upgraded();
			expect(byKey(await journal.all())).toEqual(byKey([...v1Entries, strayRow as LocalRecord]));
			expect(await journal.outbox()).toEqual([v1Batch]);
			expect(await journal.getMeta('cursor')).toBe('c7.1');
		});

		it('finds the pending entries written by version 1', async () => {
			const journal = await upgraded();
			expect((await journal.pending(10)).map((e) => e.key)).toEqual(v1Pending);
			expect(await journal.countPending()).toBe(v1Pending.length);
			const [m1] = await journal.pending(1);
			expect(m1).toEqual(v1Entries[2]);
		});

		it('finds the messages written by version 1 in their windows', async () => {
			const journal = await upgraded();
			const ids = (page: LocalRecord[]) => page.map((e) => e.id);
			expect(ids(await journal.messagePage('s1', 10))).toEqual(['m1', 'm2', 'm3', 'm4']);
			expect(ids(await journal.messagePage('s1', 2, { createdAt: at(4), id: 'm4' }))).toEqual([
				'm2',
				'm3'
			]);
		});

		it('keeps upgraded entries in step with later writes', async () => {
			const journal = await upgraded();
			const m1 = v1Entries[2] as LocalRecord;
			await journal.put({ ...m1, acked: m1.hash, version: 1 });
			const m2 = await journal.get('message:m2');
			if (!m2 || m2.deleted || m2.type !== 'message') throw new Error('m2 expected');
			await journal.put({ ...m2, hash: hashOf(99), changedAt: 40 });
			expect((await journal.pending(10)).map((e) => e.key)).toEqual([
				'message:m5',
				'session:s1',
				'message:m2'
			]);
		});

		it('opens at the current version with the new indexes', async () => {
			(await upgraded()).close();
			const db = await openDB(journalDbName(opened[0]?.userId ?? ''));
			try {
				expect(db.version).toBe(JOURNAL_DB_VERSION);
				const indexes = [...db.transaction('entries').store.indexNames];
				expect(indexes.sort()).toEqual(['byPending', 'byPosition', 'bySession', 'byType']);
			} finally {
				db.close();
			}
		});
	});
}
