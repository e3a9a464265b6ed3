import { describe, expect, it } from 'vitest';
import { NoticeQueue } from './notice-queue';

describe('NoticeQueue', () => {
	it('gathers notices into one read per kind, each message id once', () => {
		const queue = new NoticeQueue();
		expect(queue.empty).toBe(true);
		queue.add({ sessions: [], messages: [{ sessionId: 's1', ids: ['a', 'b'] }], status: false });
		queue.add({ sessions: ['s2'], messages: [{ sessionId: 's1', ids: ['b', 'c'] }], status: true });
		expect(queue.empty).toBe(false);
		const taken = queue.take();
		expect(taken.sessions).toBe(true);
		expect(taken.status).toBe(true);
		expect([...taken.messages]).toEqual([['s1', ['a', 'b', 'c']]]);
		expect(queue.empty).toBe(true);
		expect(queue.take()).toEqual({ sessions: false, status: false, messages: new Map() });
	});

	it('reads the list again when messages were written: their chat may move up', () => {
		const queue = new NoticeQueue();
		queue.add({ sessions: [], messages: [{ sessionId: 's1', ids: ['a'] }], status: false });
		expect(queue.take().sessions).toBe(true);
		queue.add({ sessions: [], messages: [], status: true });
		expect(queue.take().sessions).toBe(false);
	});

	it('is not empty after a status-only notice', () => {
		const queue = new NoticeQueue();
		queue.add({ sessions: [], messages: [], status: true });
		expect(queue.empty).toBe(false);
	});
});
