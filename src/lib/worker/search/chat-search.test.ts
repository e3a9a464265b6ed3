import { describe, expect, it } from 'vitest';
import { at } from '../../../../tests/support/record-data';
import { messageEntry, tombstone } from '../journal-contract/entries';
import { memoryJournal } from '../memory-journal';
import { searchChats } from './chat-search';
import { SearchIndex } from './search-index';

const chats = [
	{ id: 's1', title: 'Chat one', lastActivityAt: at(0) },
	{ id: 's2', title: 'Needle chat', lastActivityAt: at(1) }
];

describe('searchChats', () => {
	it('finds titles and messages, newest first, with snippets of the text as written', async () => {
		const journal = memoryJournal();
		await journal.putMany(
			Array.from({ length: 30 }, (_, i) =>
				messageEntry(`m${String(i).padStart(2, '0')}`, 's1', {
					content: i % 10 === 0 ? `A NEEDLE ${i}` : `hay ${i}`,
					createdAt: at(i)
				})
			)
		);
		const results = await searchChats(journal, new SearchIndex(), chats, 'needle', {
			limit: 3,
			perChat: 5
		});
		expect(results.complete).toBe(true);
		expect(results.hits.map((h) => h.messageId)).toEqual([null, 'm20', 'm10']);
		expect(results.hits[1]?.snippet).toEqual([
			{ text: 'A ', match: false },
			{ text: 'NEEDLE', match: true },
			{ text: ' 20', match: false }
		]);
	});

	it('leaves out a message deleted since it was held, and reads nothing for a blank query', async () => {
		const journal = memoryJournal();
		await journal.put(messageEntry('m1', 's1', { content: 'needle' }));
		const index = new SearchIndex();
		expect((await searchChats(journal, index, chats.slice(0, 1), 'needle')).hits).toHaveLength(1);
		// Deleted by a write the index did not hear of: its text is gone when the snippet is cut.
		await journal.put(tombstone('message', 'm1', 's1'));
		expect((await searchChats(journal, index, chats.slice(0, 1), 'needle')).hits).toEqual([]);
		expect(await searchChats(journal, index, chats, '  ')).toEqual({
			query: '  ',
			hits: [],
			complete: true
		});
	});
});
