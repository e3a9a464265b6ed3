import { describe, expect, it, vi } from 'vitest';
import { localKey } from '$lib/sync/local-record';
import { messageEntry, tombstone } from '../journal-contract/entries';
import type { Journal } from '../journal';
import { memoryJournal } from '../memory-journal';
import { INDEXED_CHARS, SearchIndex } from './search-index';

const LIMITS = { page: 2, maxMessages: 100, maxChars: 10_000 };

async function journalWith(...contents: string[]): Promise<Journal> {
	const journal = memoryJournal();
	await journal.putMany(contents.map((content, i) => messageEntry(`m${i}`, 's1', { content })));
	return journal;
}

const held = async (index: SearchIndex, journal: Journal) => {
	const { messages, complete } = await index.messages(journal);
	return { folded: [...messages].map((m) => m.folded).sort(), complete };
};

describe('SearchIndex', () => {
	it('reads every message once, folded, and answers later searches from memory', async () => {
		const journal = await journalWith('Crème', 'SECOND', 'third');
		await journal.put(tombstone('message', 'gone', 's1'));
		const scan = vi.spyOn(journal, 'scanMessages');
		const index = new SearchIndex(LIMITS);
		expect(await held(index, journal)).toEqual({
			folded: ['creme', 'second', 'third'],
			complete: true
		});
		// Four entries, two a page: the third page is empty.
		expect(scan).toHaveBeenCalledTimes(3);
		await held(index, journal);
		expect(scan).toHaveBeenCalledTimes(3);
	});

	it('builds once for searches that start together', async () => {
		const journal = await journalWith('a', 'b', 'c');
		const scan = vi.spyOn(journal, 'scanMessages');
		const index = new SearchIndex(LIMITS);
		await Promise.all([held(index, journal), held(index, journal)]);
		expect(scan).toHaveBeenCalledTimes(2);
	});

	it("applies this worker's writes and reads again what other tabs wrote", async () => {
		const journal = await journalWith('one', 'two');
		const index = new SearchIndex(LIMITS);
		await held(index, journal);
		index.wrote([
			messageEntry('m0', 's1', { content: 'ONE changed' }),
			tombstone('message', 'm1', 's1')
		]);
		expect((await held(index, journal)).folded).toEqual(['one changed']);
		// Another tab wrote m5 and deleted m0: the notice names them, the journal holds them.
		await journal.putMany([
			messageEntry('m5', 's1', { content: 'five' }),
			tombstone('message', 'm0', 's1')
		]);
		index.heard({ sessions: [], messages: [{ sessionId: 's1', ids: ['m5', 'm0'] }], status: true });
		expect((await held(index, journal)).folded).toEqual(['five']);
	});

	it('keeps a write made while the messages it names are read again', async () => {
		const journal = await journalWith('old');
		const index = new SearchIndex(LIMITS);
		await held(index, journal);
		index.heard({ sessions: [], messages: [{ sessionId: 's1', ids: ['m0'] }], status: true });
		const getMany = journal.getMany.bind(journal);
		vi.spyOn(journal, 'getMany').mockImplementationOnce(async (keys) => {
			const read = await getMany(keys);
			index.wrote([messageEntry('m0', 's1', { content: 'newer' })]);
			return read;
		});
		expect((await held(index, journal)).folded).toEqual(['newer']);
	});

	it('reads again what was written while it was being built', async () => {
		const journal = await journalWith('a', 'b', 'c');
		const index = new SearchIndex(LIMITS);
		const scan = journal.scanMessages.bind(journal);
		vi.spyOn(journal, 'scanMessages').mockImplementationOnce(async (after, limit) => {
			const page = await scan(after, limit);
			await journal.put(messageEntry('m0', 's1', { content: 'written meanwhile' }));
			index.wrote([messageEntry('m0', 's1', { content: 'written meanwhile' })]);
			return page;
		});
		expect((await held(index, journal)).folded).toEqual(['b', 'c', 'written meanwhile']);
	});

	it('holds the start of a long message, and no more than its limits', async () => {
		const long = 'x'.repeat(INDEXED_CHARS + 10);
		const index = new SearchIndex({ page: 10, maxMessages: 2, maxChars: INDEXED_CHARS + 10 });
		const journal = await journalWith(long, 'b', 'c');
		const { folded, complete } = await held(index, journal);
		expect(folded.map((f) => f.length)).toEqual([1, INDEXED_CHARS]);
		expect(complete).toBe(false);
	});

	it('forgets everything on clear, a build under way included', async () => {
		const journal = await journalWith('a', 'b', 'c');
		const index = new SearchIndex(LIMITS);
		const building = index.messages(journal);
		index.clear();
		expect(await building).toMatchObject({ complete: false });
		const other = await journalWith('z');
		expect(await held(index, other)).toEqual({ folded: ['z'], complete: true });
		expect(localKey('message', 'm0')).toBe('message:m0');
	});
});
