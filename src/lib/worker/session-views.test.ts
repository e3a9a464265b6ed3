import { describe, expect, it } from 'vitest';
import { UNTITLED } from '$lib/chat/chat-titles';
import { at } from '../../../tests/support/record-data';
import { hashOf, messageEntry, sessionEntry, tombstone } from './journal-contract/entries';
import { memoryJournal } from './memory-journal';
import { readSessionViews } from './session-views';

describe('readSessionViews', () => {
	it('orders chats by their last activity: a message sent or a reply arriving, not a rename of a chat with messages', async () => {
		const journal = memoryJournal();
		await journal.putMany([
			// Renamed last, but nothing said in it for long.
			sessionEntry('renamed', { createdAt: at(0), updatedAt: at(500) }),
			messageEntry('r1', 'renamed', { createdAt: at(1), updatedAt: at(1) }),
			// A reply finished late, at 300, to a question asked at 100.
			sessionEntry('replied', { createdAt: at(0), updatedAt: at(0) }),
			messageEntry('q1', 'replied', { createdAt: at(100), updatedAt: at(100) }),
			messageEntry('a1', 'replied', {
				role: 'assistant',
				createdAt: at(100.001),
				updatedAt: at(300)
			}),
			// Created at 100, nothing in it, opened again by New chat at 200.
			sessionEntry('fresh', { createdAt: at(100), updatedAt: at(200) }),
			tombstone('session', 'gone', '')
		]);
		const views = await readSessionViews(journal);
		expect(views.map((v) => [v.id, v.lastActivityAt, v.empty])).toEqual([
			['replied', at(300), false],
			['fresh', at(200), true],
			['renamed', at(1), false]
		]);
	});

	it('titles an untitled chat that holds messages from its first one, as another device may leave it', async () => {
		const journal = memoryJournal();
		await journal.putMany([
			sessionEntry('s1', { title: UNTITLED }),
			messageEntry('m2', 's1', { content: 'second', createdAt: at(2) }),
			messageEntry('m1', 's1', { content: '  Plan a\ntrip  ', createdAt: at(1) }),
			sessionEntry('s2', { title: UNTITLED }),
			sessionEntry('s3', { title: 'Named' }, { acked: hashOf('ss3') })
		]);
		const views = await readSessionViews(journal);
		expect(Object.fromEntries(views.map((v) => [v.id, v.title]))).toEqual({
			s1: 'Plan a trip',
			s2: UNTITLED,
			s3: 'Named'
		});
		expect(views.find((v) => v.id === 's3')?.synced).toBe(true);
		expect(views.find((v) => v.id === 's1')?.synced).toBe(false);
	});
});
