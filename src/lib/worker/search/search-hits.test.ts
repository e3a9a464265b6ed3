import { describe, expect, it } from 'vitest';
import { at } from '../../../../tests/support/record-data';
import { fold } from './fold';
import { HitCollector } from './search-hits';
import type { IndexedMessage } from './search-index';

const chats = [
	{ id: 's1', title: 'Lisbon trip', lastActivityAt: at(10) },
	{ id: 's2', title: 'Groceries', lastActivityAt: at(20) },
	{ id: 's3', title: 'Trip budget', lastActivityAt: at(30) }
];
const texts = new Map<string, string>();
const message = (id: string, sessionId: string, content: string, seconds: number) => {
	texts.set(id, content);
	return {
		id,
		sessionId,
		role: 'user',
		createdAt: at(seconds),
		folded: fold(content)
	} satisfies IndexedMessage;
};
const found = (collector: HitCollector) =>
	collector
		.hits(collector.ranked(), texts)
		.map((hit) => `${hit.sessionId}:${hit.messageId ?? 'title'}`);

describe('HitCollector', () => {
	it('gives titles first, most recent chat first, then messages newest first', () => {
		const collector = new HitCollector(['trip'], chats, { limit: 10, perChat: 3 });
		collector.offer(message('m1', 's2', 'a trip to the market', 5));
		collector.offer(message('m2', 's2', 'no match here', 6));
		collector.offer(message('m3', 's1', 'the TRIP starts Monday', 7));
		expect(found(collector)).toEqual(['s3:title', 's1:title', 's1:m3', 's2:m1']);
		const hit = collector.hits(collector.ranked(), texts)[2];
		expect(hit).toMatchObject({ title: 'Lisbon trip', role: 'user', at: at(7) });
		expect(hit?.snippet).toContainEqual({ text: 'TRIP', match: true });
	});

	it('needs every term in the same message or title', () => {
		const collector = new HitCollector(['lisbon', 'hotel'], chats, { limit: 10, perChat: 3 });
		collector.offer(message('m1', 's2', 'a hotel in Lisbon', 1));
		collector.offer(message('m2', 's1', 'which hotel?', 2));
		expect(found(collector)).toEqual(['s2:m1']);
	});

	it("keeps a chat's newest messages only, and the newest overall up to the limit", () => {
		const collector = new HitCollector(['egg'], chats, { limit: 3, perChat: 2 });
		for (let i = 0; i < 5; i++) collector.offer(message(`a${i}`, 's2', 'egg', i));
		collector.offer(message('b0', 's1', 'egg', 1));
		collector.offer(message('c0', 's3', 'egg', 0));
		expect(found(collector)).toEqual(['s2:a4', 's2:a3', 's1:b0']);
	});

	it('leaves out messages of chats it was not given, and messages whose text is gone', () => {
		const collector = new HitCollector(['egg'], chats, { limit: 10, perChat: 3 });
		collector.offer(message('m1', 'gone', 'egg', 1));
		collector.offer(message('m2', 's1', 'egg', 1));
		const ranked = collector.ranked();
		expect(ranked.messages.map((m) => m.id)).toEqual(['m2']);
		expect(collector.hits(ranked, new Map())).toEqual([]);
	});
});
