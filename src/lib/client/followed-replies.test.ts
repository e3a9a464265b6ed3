import { describe, expect, it } from 'vitest';
import type { MessageData } from '$lib/protocol/record';
import type { MessageView } from '$lib/worker/sync-worker-api';
import {
	NOTHING_FOLLOWED,
	withAskedAgain,
	withHeardPiece,
	withShown,
	withStopping
} from './followed-replies';

/** The server's reply `id` to question `to`, in state `status`, written at `updatedAt`. */
const reply = (
	id: string,
	to: string,
	status: MessageData['status'],
	updatedAt = '2026-01-05T10:00:01.000Z'
): MessageView => ({
	id,
	sessionId: 's1',
	role: 'assistant',
	content: '',
	model: null,
	status,
	inputTokens: 0,
	outputTokens: 0,
	elapsedMs: 0,
	createdAt: '2026-01-05T10:00:00.001Z',
	updatedAt,
	replyTo: to,
	synced: true,
	rejected: null
});

describe('followed replies', () => {
	it('keeps the live text of a reply while it is written, and lets it go once it ends', () => {
		const piece = { id: 'r1', sessionId: 's1', offset: 0, text: 'Hi' };
		const followed = withHeardPiece(NOTHING_FOLLOWED, piece);
		expect(withShown(followed, [reply('r1', 'q1', 'streaming')])).toBe(followed);
		expect(withShown(followed, [reply('r1', 'q1', 'complete')]).live.size).toBe(0);
	});

	it('keeps a Stop asked for until the reply is no longer written', () => {
		const followed = withStopping(NOTHING_FOLLOWED, 'q1', true);
		expect(withShown(followed, [reply('r1', 'q1', 'streaming')]).stopping.has('q1')).toBe(true);
		expect(withShown(followed, [reply('r1', 'q1', 'stopped')]).stopping.has('q1')).toBe(false);
		expect(withStopping(followed, 'q1', false).stopping.size).toBe(0);
		expect(withStopping(followed, 'q1', true)).toBe(followed);
	});

	it('keeps a question asked again until its reply is written again', () => {
		const followed = withAskedAgain(NOTHING_FOLLOWED, 'q1', '2026-01-05T10:00:01.000Z');
		expect(withShown(followed, [reply('r1', 'q1', 'failed')])).toBe(followed);
		const rewritten = reply('r1', 'q1', 'streaming', '2026-01-05T10:00:09.000Z');
		expect(withShown(followed, [rewritten]).asked.size).toBe(0);
	});
});
