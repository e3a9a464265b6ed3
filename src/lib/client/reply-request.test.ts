import { describe, expect, it } from 'vitest';
import type { MessageView } from '$lib/worker/sync-worker-api';
import { askAgain, editQuestion } from './reply-request';

const question: MessageView = {
	id: 'q1',
	sessionId: 's1',
	role: 'user',
	content: 'hello',
	model: 'small',
	status: 'complete',
	inputTokens: 2,
	outputTokens: 0,
	elapsedMs: 0,
	createdAt: '2026-01-05T10:00:00.000Z',
	updatedAt: '2026-01-05T10:00:00.000Z',
	replyRequest: 'first',
	synced: true,
	rejected: null
};

describe('askAgain', () => {
	it('keeps the question and asks with a new request, changed now', () => {
		const now = Date.parse('2026-01-05T10:05:00.000Z');
		expect(askAgain(question, 'second', now)).toEqual({
			sessionId: 's1',
			role: 'user',
			content: 'hello',
			model: 'small',
			status: 'complete',
			inputTokens: 2,
			outputTokens: 0,
			elapsedMs: 0,
			createdAt: '2026-01-05T10:00:00.000Z',
			updatedAt: '2026-01-05T10:05:00.000Z',
			replyRequest: 'second'
		});
	});

	it('changes it after its last change when this clock is behind', () => {
		const behind = Date.parse('2026-01-05T09:00:00.000Z');
		expect(askAgain(question, 'second', behind).updatedAt).toBe('2026-01-05T10:00:00.001Z');
	});
});

describe('editQuestion', () => {
	it('puts the new words in the question and asks with a new request, changed now', () => {
		const now = Date.parse('2026-01-05T10:05:00.000Z');
		const edited = editQuestion(question, 'hello, in more words', 'third', now);
		expect(edited).toMatchObject({
			content: 'hello, in more words',
			role: 'user',
			replyRequest: 'third',
			createdAt: '2026-01-05T10:00:00.000Z',
			updatedAt: '2026-01-05T10:05:00.000Z'
		});
		expect(edited.inputTokens).toBeGreaterThan(question.inputTokens);
	});
});
