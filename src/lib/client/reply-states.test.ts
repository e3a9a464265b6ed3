import { describe, expect, it } from 'vitest';
import type { MessageData } from '$lib/protocol/record';
import type { MessageView } from '$lib/worker/sync-worker-api';
import { awaitsReply, replyStates, type ReplyContext } from './reply-states';

const at = (second: number) => `2026-01-05T10:00:${String(second).padStart(2, '0')}.000Z`;

/** A synced question asking for a reply, at second `s`. */
const question = (id: string, s: number, data: Partial<MessageView> = {}): MessageView => ({
	id,
	sessionId: 's1',
	role: 'user',
	content: `question ${id}`,
	model: null,
	status: 'complete',
	inputTokens: 1,
	outputTokens: 0,
	elapsedMs: 0,
	createdAt: at(s),
	updatedAt: at(s),
	replyRequest: `request-${id}`,
	synced: true,
	rejected: null,
	...data
});

/** The server's reply to question `to`, written at second `s`. */
const reply = (
	to: string,
	s: number,
	status: MessageData['status'] = 'complete',
	data: Partial<MessageView> = {}
): MessageView => {
	const { replyRequest: _request, ...rest } = question(`reply-${to}`, s, {
		role: 'assistant',
		status,
		replyTo: to,
		...data
	});
	return rest;
};

const online: ReplyContext = { account: true, online: true, asked: new Map(), replying: false };
const states = (messages: MessageView[], context: Partial<ReplyContext> = {}) =>
	Object.fromEntries(replyStates(messages, { ...online, ...context }));

describe('replyStates with an account', () => {
	it('offers Regenerate on the last complete reply only', () => {
		expect(states([question('q1', 1), reply('q1', 2), question('q2', 3), reply('q2', 4)])).toEqual({
			'reply-q2': { kind: 'last', questionId: 'q2' }
		});
	});

	it.each<[MessageData['status'], object]>([
		['streaming', { kind: 'writing', questionId: 'q1' }],
		['stopped', { kind: 'stopped', questionId: 'q1' }],
		['failed', { kind: 'failed', questionId: 'q1', error: 'The provider is down.' }]
	])('shows a %s reply with what can be done', (status, expected) => {
		const messages = [
			question('q1', 1),
			reply('q1', 2, status, { error: 'The provider is down.' })
		];
		expect(states(messages)).toEqual({ 'reply-q1': expected });
	});

	it('gives a failed reply without a reason a readable one', () => {
		expect(states([question('q1', 1), reply('q1', 2, 'failed')])['reply-q1']).toMatchObject({
			kind: 'failed',
			error: expect.stringMatching(/could not/)
		});
	});

	it('says a reply is coming for a question without one, and when offline that it waits', () => {
		expect(states([question('q1', 1)])).toEqual({ q1: { kind: 'coming', offline: false } });
		expect(states([question('q1', 1)], { online: false })).toEqual({
			q1: { kind: 'coming', offline: true }
		});
	});

	it('offers Retry for a question left without a reply that never asked for one', () => {
		const { replyRequest: _r, ...old } = question('q1', 1);
		expect(states([old])).toEqual({ q1: { kind: 'unanswered', questionId: 'q1' } });
	});

	it('leaves alone a question of before, answered by the message after it', () => {
		const { replyRequest: _r, ...old } = question('q1', 1);
		const { replyTo: _t, ...answer } = reply('q1', 2);
		expect(states([old, answer, question('q2', 3), reply('q2', 4)])).toEqual({
			'reply-q2': { kind: 'last', questionId: 'q2' }
		});
	});

	it('leaves alone a question the server refused', () => {
		expect(states([question('q1', 1, { synced: false, rejected: 'invalid' })])).toEqual({});
	});

	it('shows a reply asked for again, not sent yet, as coming (once online)', () => {
		const messages = [question('q1', 1, { synced: false }), reply('q1', 2, 'failed')];
		expect(states(messages)).toEqual({ 'reply-q1': { kind: 'asked-again', offline: false } });
		expect(states(messages, { online: false })).toEqual({
			'reply-q1': { kind: 'asked-again', offline: true }
		});
	});

	it('shows a reply asked for again from this page as coming until the server rewrites it', () => {
		const failed = reply('q1', 2, 'failed');
		const asked = new Map([['q1', failed.updatedAt]]);
		expect(states([question('q1', 1), failed], { asked })).toEqual({
			'reply-q1': { kind: 'asked-again', offline: false }
		});
		const rewritten = reply('q1', 2, 'streaming', { updatedAt: at(9) });
		expect(states([question('q1', 1), rewritten], { asked })).toEqual({
			'reply-q1': { kind: 'writing', questionId: 'q1' }
		});
	});
});

describe('replyStates without an account', () => {
	it('offers Retry for the last question without a reply, unless one is being written', () => {
		const { replyRequest: _r, ...last } = question('q1', 1);
		const guest = { account: false };
		expect(states([last], guest)).toEqual({ q1: { kind: 'unanswered', questionId: 'q1' } });
		expect(states([last], { ...guest, replying: true })).toEqual({});
	});
});

describe('awaitsReply', () => {
	it.each<[string, MessageView[], boolean]>([
		['a question whose reply has not begun', [question('q1', 1)], true],
		['a reply being written', [question('q1', 1), reply('q1', 2, 'streaming')], true],
		['replies that ended', [question('q1', 1), reply('q1', 2, 'failed')], false],
		['no message', [], false]
	])('%s: %s', (_name, messages, expected) => {
		expect(awaitsReply(replyStates(messages, online))).toBe(expected);
	});
});
