import { describe, expect, it, vi } from 'vitest';
import { at } from '../../../../tests/support/record-data';
import { messageEntry, tombstone } from '../journal-contract/entries';
import { memoryJournal } from '../memory-journal';
import { searchJournal } from './search-scan';

const chats = [{ id: 's1', title: 'Chat one', lastActivityAt: at(0) }];

async function journalWith(count: number) {
	const journal = memoryJournal();
	await journal.putMany(
		Array.from({ length: count }, (_, i) =>
			messageEntry(`m${String(i).padStart(4, '0')}`, 's1', {
				content: i % 10 === 0 ? `needle ${i}` : `hay ${i}`,
				createdAt: at(i)
			})
		)
	);
	return journal;
}

describe('searchJournal', () => {
	it('reads every message a page at a time and finds the newest matches', async () => {
		const journal = await journalWith(95);
		const scan = vi.spyOn(journal, 'scanMessages');
		const limits = { limit: 5, perChat: 5, page: 20, maxMessages: 1000 };
		const results = await searchJournal(journal, chats, 'NEEDLE', () => true, limits);
		expect(results.complete).toBe(true);
		expect(results.hits.map((h) => h.messageId)).toEqual([
			'm0090',
			'm0080',
			'm0070',
			'm0060',
			'm0050'
		]);
		expect(scan.mock.calls.map(([, limit]) => limit)).toEqual([20, 20, 20, 20, 20]);
	});

	it('stops at its bound and says the search is not complete', async () => {
		const journal = await journalWith(95);
		const limits = { limit: 50, perChat: 50, page: 20, maxMessages: 30 };
		const results = await searchJournal(journal, chats, 'needle', () => true, limits);
		expect(results.complete).toBe(false);
		expect(results.hits.map((h) => h.messageId)).toEqual(['m0020', 'm0010', 'm0000']);
	});

	it('stops when a newer search is wanted instead', async () => {
		const journal = await journalWith(95);
		let pages = 0;
		const limits = { limit: 50, perChat: 50, page: 20, maxMessages: 1000 };
		const results = await searchJournal(journal, chats, 'needle', () => pages++ < 1, limits);
		expect(results.complete).toBe(false);
		expect(results.hits).toHaveLength(2);
	});

	it('skips deleted messages and reads nothing for a blank query', async () => {
		const journal = await journalWith(1);
		await journal.put(tombstone('message', 'm0000', 's1'));
		expect((await searchJournal(journal, chats, 'needle', () => true)).hits).toEqual([]);
		const scan = vi.spyOn(journal, 'scanMessages');
		expect(await searchJournal(journal, chats, '   ', () => true)).toEqual({
			query: '   ',
			hits: [],
			complete: true
		});
		expect(scan).not.toHaveBeenCalled();
	});
});
