import 'fake-indexeddb/auto';
import { IDBCursor, IDBIndex, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openIdbJournal } from './idb-journal';
import type { Journal } from './journal';
import { at, hashOf, messageEntry } from './journal-contract/entries';
import { describeJournalContract } from './journal-contract/journal-contract';
import { describeJournalUpgrade } from './journal-contract/upgrade';

describeJournalContract('IndexedDB journal (fake-indexeddb)', () =>
	openIdbJournal(crypto.randomUUID())
);
describeJournalUpgrade('IndexedDB journal (fake-indexeddb)');

const READS = ['get', 'getAll', 'getAllKeys', 'count', 'openCursor', 'openKeyCursor'] as const;
type ReadMethod = (typeof READS)[number];
type Readable = Record<ReadMethod, (...args: unknown[]) => unknown>;

/** Every read request made on a store or an index, in order, and how far cursors stepped. */
function watchReads() {
	const spies = [IDBObjectStore.prototype, IDBIndex.prototype].flatMap((proto) =>
		READS.map((method) => ({ method, spy: vi.spyOn(proto as unknown as Readable, method) }))
	);
	// fake-indexeddb steps a cursor in _iterate: once as it opens, once for each continue().
	// (continue() itself cannot be spied on: idb recognises it by identity.)
	const steps = vi.spyOn(IDBCursor.prototype as unknown as { _iterate: () => unknown }, '_iterate');
	return {
		requests: () =>
			spies
				.flatMap(({ method, spy }) =>
					spy.mock.calls.map((args, i) => ({
						order: spy.mock.invocationCallOrder[i] ?? 0,
						source: (spy.mock.contexts[i] as { name: string }).name,
						method,
						args
					}))
				)
				.sort((a, b) => a.order - b.order)
				.map(({ source, method, args }) => ({ source, method, args })),
		cursorSteps: () => steps.mock.calls.length
	};
}

describe('IndexedDB journal reads (fake-indexeddb)', () => {
	let journal: Journal;
	beforeEach(async () => {
		journal = await openIdbJournal(crypto.randomUUID());
		// 200 settled messages, 3 pending ones.
		await journal.putMany(
			Array.from({ length: 200 }, (_, i) =>
				messageEntry(`m${i}`, 's1', { createdAt: at(i) }, { acked: hashOf(i), hash: hashOf(i) })
			)
		);
		await journal.putMany([0, 1, 2].map((i) => messageEntry(`p${i}`, 's2')));
	});
	afterEach(() => {
		journal.close();
		vi.restoreAllMocks();
	});

	it('reads only the pending entries it gives', async () => {
		const reads = watchReads();
		expect(await journal.pending(2)).toHaveLength(2);
		expect(await journal.countPending()).toBe(3);
		expect(reads.requests()).toEqual([
			{ source: 'byPending', method: 'getAll', args: [null, 2] },
			{ source: 'byPending', method: 'count', args: [] }
		]);
	});

	it('reads only the window of a conversation it gives', async () => {
		const reads = watchReads();
		const page = await journal.messagePage('s1', 5, { createdAt: at(100), id: 'm100' });
		expect(page.map((e) => e.id)).toEqual(['m95', 'm96', 'm97', 'm98', 'm99']);
		expect(reads.requests().map(({ source, method }) => ({ source, method }))).toEqual([
			{ source: 'byPosition', method: 'openCursor' }
		]);
		expect(reads.cursorSteps()).toBe(5);
	});
});
