import { describe, expect, it } from 'vitest';
import type { MessageData, MessageRole, SessionData } from '$lib/protocol/record';
import type { CheckedRecord } from './check-record';
import { planPush, type PushPlan } from './plan-push';
import { recordKey, type StoredRecord } from './stored-record';

/** A well-formed hash made of one repeated hex digit, so that tests can order hashes. */
const h = (digit: string): string => `sha256:${digit.repeat(64)}`;

const T1 = '2026-01-05T10:00:00.000Z';
const T2 = '2026-01-05T11:00:00.000Z';
const T3 = '2026-01-05T12:00:00.000Z';

const sessionData = (updatedAt: string, title = 'Trip'): SessionData => ({
	title,
	createdAt: T1,
	updatedAt
});

interface MessageOptions {
	sessionId?: string;
	role?: MessageRole;
	inputTokens?: number;
	outputTokens?: number;
	createdAt?: string;
	updatedAt?: string;
}
const messageData = (options: MessageOptions = {}): MessageData => ({
	sessionId: options.sessionId ?? 's1',
	role: options.role ?? 'user',
	content: 'Hello',
	model: null,
	status: 'complete',
	inputTokens: options.inputTokens ?? 0,
	outputTokens: options.outputTokens ?? 0,
	elapsedMs: 0,
	createdAt: options.createdAt ?? T1,
	updatedAt: options.updatedAt ?? options.createdAt ?? T1
});

const sessionUpsert = (id: string, hash: string, updatedAt = T2): CheckedRecord => ({
	ok: true,
	record: { type: 'session', id, op: 'upsert', hash, data: sessionData(updatedAt) }
});
const messageUpsert = (id: string, hash: string, options: MessageOptions = {}): CheckedRecord => ({
	ok: true,
	record: { type: 'message', id, op: 'upsert', hash, data: messageData(options) }
});
const deletion = (type: 'session' | 'message', id: string): CheckedRecord => ({
	ok: true,
	record: { type, id, op: 'delete' }
});

const storedSession = (
	id: string,
	version: number,
	hash: string,
	updatedAt = T2
): StoredRecord => ({
	type: 'session',
	id,
	version,
	deleted: false,
	hash,
	data: sessionData(updatedAt)
});
const storedMessage = (
	id: string,
	version: number,
	hash: string,
	options: MessageOptions = {}
): StoredRecord => ({
	type: 'message',
	id,
	version,
	deleted: false,
	hash,
	data: messageData(options)
});
const tombstone = (type: 'session' | 'message', id: string, version: number): StoredRecord => ({
	type,
	id,
	version,
	deleted: true,
	hash: null,
	data: null
});

const storeOf = (...records: StoredRecord[]): Map<string, StoredRecord> =>
	new Map(records.map((record) => [recordKey(record.type, record.id), record]));

interface Case {
	name: string;
	stored: StoredRecord[];
	batch: CheckedRecord[];
	expected: Partial<PushPlan>;
}

const SEQ = 10;
const S1 = storedSession('s1', 3, h('5'));

const cases: Case[] = [
	{
		name: 'inserts a new session with the next version',
		stored: [],
		batch: [sessionUpsert('s1', h('a'))],
		expected: {
			results: [{ id: 's1', type: 'session', status: 'inserted', version: 11 }],
			writes: [storedSession('s1', 11, h('a'))],
			usage: [],
			deletedSessions: [],
			seq: 11
		}
	},
	{
		name: 'answers unchanged and writes nothing for an upsert with the stored hash',
		stored: [S1],
		batch: [sessionUpsert('s1', h('5'), T3)],
		expected: {
			results: [{ id: 's1', type: 'session', status: 'unchanged', version: 3 }],
			writes: [],
			usage: [],
			seq: SEQ
		}
	},
	{
		name: 'updates a record with a newer updatedAt',
		stored: [S1],
		batch: [sessionUpsert('s1', h('1'), T3)],
		expected: {
			results: [{ id: 's1', type: 'session', status: 'updated', version: 11 }],
			writes: [storedSession('s1', 11, h('1'), T3)],
			seq: 11
		}
	},
	{
		name: 'answers stale with the stored record as current for an older updatedAt',
		stored: [S1],
		batch: [sessionUpsert('s1', h('f'), T1)],
		expected: {
			results: [
				{
					id: 's1',
					type: 'session',
					status: 'stale',
					version: 3,
					current: { type: 'session', id: 's1', op: 'upsert', hash: h('5'), data: sessionData(T2) }
				}
			],
			writes: [],
			seq: SEQ
		}
	},
	{
		name: 'breaks a tie on updatedAt in favour of the larger incoming hash',
		stored: [S1],
		batch: [sessionUpsert('s1', h('9'), T2)],
		expected: {
			results: [{ id: 's1', type: 'session', status: 'updated', version: 11 }],
			writes: [storedSession('s1', 11, h('9'), T2)],
			seq: 11
		}
	},
	{
		name: 'breaks a tie on updatedAt against the smaller incoming hash',
		stored: [S1],
		batch: [sessionUpsert('s1', h('2'), T2)],
		expected: {
			results: [
				{
					id: 's1',
					type: 'session',
					status: 'stale',
					version: 3,
					current: { type: 'session', id: 's1', op: 'upsert', hash: h('5'), data: sessionData(T2) }
				}
			],
			writes: [],
			seq: SEQ
		}
	},
	{
		name: 'leaves a tombstone for a delete of an id it never saw',
		stored: [],
		batch: [deletion('message', 'm9')],
		expected: {
			results: [{ id: 'm9', type: 'message', status: 'deleted', version: 11 }],
			writes: [tombstone('message', 'm9', 11)],
			deletedSessions: [],
			seq: 11
		}
	},
	{
		name: 'deletes a live session and lists it for the cascade',
		stored: [S1],
		batch: [deletion('session', 's1')],
		expected: {
			results: [{ id: 's1', type: 'session', status: 'deleted', version: 11 }],
			writes: [tombstone('session', 's1', 11)],
			deletedSessions: ['s1'],
			seq: 11
		}
	},
	{
		name: 'answers deleted and writes nothing for a delete of a tombstone',
		stored: [tombstone('session', 's1', 7)],
		batch: [deletion('session', 's1')],
		expected: {
			results: [{ id: 's1', type: 'session', status: 'deleted', version: 7 }],
			writes: [],
			deletedSessions: [],
			seq: SEQ
		}
	},
	{
		name: 'rejects an upsert of a tombstoned id with code deleted',
		stored: [tombstone('session', 's1', 7)],
		batch: [sessionUpsert('s1', h('a'), T3)],
		expected: {
			results: [
				{
					id: 's1',
					type: 'session',
					status: 'rejected',
					code: 'deleted',
					message: expect.any(String)
				}
			],
			writes: [],
			seq: SEQ
		}
	},
	{
		name: 'rejects a message whose session is unknown',
		stored: [],
		batch: [messageUpsert('m1', h('a'), { sessionId: 'nope' })],
		expected: {
			results: [
				{
					id: 'm1',
					type: 'message',
					status: 'rejected',
					code: 'unknown_session',
					message: expect.stringContaining('nope')
				}
			],
			writes: [],
			usage: [],
			seq: SEQ
		}
	},
	{
		name: 'rejects a message whose session is deleted',
		stored: [tombstone('session', 's1', 4)],
		batch: [messageUpsert('m1', h('a'))],
		expected: {
			results: [
				{
					id: 'm1',
					type: 'message',
					status: 'rejected',
					code: 'unknown_session',
					message: expect.any(String)
				}
			],
			writes: [],
			usage: [],
			seq: SEQ
		}
	},
	{
		name: 'rejects a message whose session is deleted earlier in the same batch',
		stored: [S1],
		batch: [deletion('session', 's1'), messageUpsert('m1', h('a'))],
		expected: {
			results: [
				{ id: 's1', type: 'session', status: 'deleted', version: 11 },
				{
					id: 'm1',
					type: 'message',
					status: 'rejected',
					code: 'unknown_session',
					message: expect.any(String)
				}
			],
			writes: [tombstone('session', 's1', 11)],
			usage: [],
			seq: 11
		}
	},
	{
		name: 'inserts a message whose session is created earlier in the same batch',
		stored: [],
		batch: [sessionUpsert('s1', h('a')), messageUpsert('m1', h('b'), { inputTokens: 4 })],
		expected: {
			results: [
				{ id: 's1', type: 'session', status: 'inserted', version: 11 },
				{ id: 'm1', type: 'message', status: 'inserted', version: 12 }
			],
			writes: [
				storedSession('s1', 11, h('a')),
				storedMessage('m1', 12, h('b'), { inputTokens: 4 })
			],
			usage: [
				{ day: '2026-01-05', messagesSent: 1, messagesReceived: 0, inputTokens: 4, outputTokens: 0 }
			],
			seq: 12
		}
	},
	{
		name: 'passes a record rejected by the checks through with its code and message',
		stored: [],
		batch: [{ ok: false, type: 'message', id: 'm1', code: 'hash_mismatch', message: 'bad hash' }],
		expected: {
			results: [
				{
					id: 'm1',
					type: 'message',
					status: 'rejected',
					code: 'hash_mismatch',
					message: 'bad hash'
				}
			],
			writes: [],
			usage: [],
			seq: SEQ
		}
	},
	{
		name: 'numbers the versions of a batch consecutively from the given seq',
		stored: [S1, tombstone('message', 'gone', 2)],
		batch: [
			sessionUpsert('s2', h('a')),
			deletion('message', 'gone'),
			sessionUpsert('s1', h('5')),
			messageUpsert('m1', h('b')),
			deletion('message', 'm7'),
			sessionUpsert('s1', h('c'), T3)
		],
		expected: {
			results: [
				{ id: 's2', type: 'session', status: 'inserted', version: 11 },
				{ id: 'gone', type: 'message', status: 'deleted', version: 2 },
				{ id: 's1', type: 'session', status: 'unchanged', version: 3 },
				{ id: 'm1', type: 'message', status: 'inserted', version: 12 },
				{ id: 'm7', type: 'message', status: 'deleted', version: 13 },
				{ id: 's1', type: 'session', status: 'updated', version: 14 }
			],
			seq: 14
		}
	},
	{
		name: 'keeps one write entry, the last state, for the same id twice in a batch',
		stored: [S1],
		batch: [
			messageUpsert('m1', h('a'), { inputTokens: 2 }),
			messageUpsert('m1', h('b'), { inputTokens: 2, updatedAt: T3 })
		],
		expected: {
			results: [
				{ id: 'm1', type: 'message', status: 'inserted', version: 11 },
				{ id: 'm1', type: 'message', status: 'updated', version: 12 }
			],
			writes: [storedMessage('m1', 12, h('b'), { inputTokens: 2, updatedAt: T3 })],
			usage: [
				{ day: '2026-01-05', messagesSent: 1, messagesReceived: 0, inputTokens: 2, outputTokens: 0 }
			],
			seq: 12
		}
	},
	{
		name: 'keeps one write entry for an upsert then a delete of the same id',
		stored: [],
		batch: [sessionUpsert('s1', h('a')), deletion('session', 's1')],
		expected: {
			results: [
				{ id: 's1', type: 'session', status: 'inserted', version: 11 },
				{ id: 's1', type: 'session', status: 'deleted', version: 12 }
			],
			writes: [tombstone('session', 's1', 12)],
			deletedSessions: ['s1'],
			seq: 12
		}
	},
	{
		name: 'tells a session and a message with the same id apart',
		stored: [S1],
		batch: [messageUpsert('s1', h('a'))],
		expected: {
			results: [{ id: 's1', type: 'message', status: 'inserted', version: 11 }],
			writes: [storedMessage('s1', 11, h('a'))],
			seq: 11
		}
	}
];

describe('planPush', () => {
	it.each(cases)('$name', ({ stored, batch, expected }) => {
		const plan = planPush(batch, storeOf(...stored), SEQ);
		for (const key of Object.keys(expected) as (keyof PushPlan)[]) {
			expect(plan[key], key).toStrictEqual(expected[key]);
		}
	});

	it('answers every record in request order', () => {
		const plan = planPush(
			[
				deletion('message', 'x'),
				sessionUpsert('s9', h('a')),
				messageUpsert('m1', h('b'), { sessionId: 'none' })
			],
			storeOf(),
			0
		);
		expect(plan.results.map((r) => [r.id, r.status])).toEqual([
			['x', 'deleted'],
			['s9', 'inserted'],
			['m1', 'rejected']
		]);
	});

	it('does not change the stored map it is given', () => {
		const stored = storeOf(S1);
		planPush([sessionUpsert('s1', h('c'), T3), deletion('session', 's1')], stored, SEQ);
		expect([...stored.values()]).toEqual([S1]);
	});

	it('writes nothing for a stale record even when a later record inserts', () => {
		const plan = planPush(
			[sessionUpsert('s1', h('f'), T1), sessionUpsert('s2', h('a'))],
			storeOf(S1),
			SEQ
		);
		expect(plan.writes.map((w) => w.id)).toEqual(['s2']);
	});
});

describe('planPush usage', () => {
	const usageOf = (batch: CheckedRecord[], stored: StoredRecord[] = [S1]) =>
		planPush(batch, storeOf(...stored), SEQ).usage;

	it('counts a new user message as sent with its input tokens', () => {
		expect(
			usageOf([messageUpsert('m1', h('a'), { role: 'user', inputTokens: 12, outputTokens: 99 })])
		).toEqual([
			{ day: '2026-01-05', messagesSent: 1, messagesReceived: 0, inputTokens: 12, outputTokens: 0 }
		]);
	});

	it('counts a new assistant message as received with its output tokens', () => {
		expect(
			usageOf([
				messageUpsert('m1', h('a'), { role: 'assistant', inputTokens: 99, outputTokens: 40 })
			])
		).toEqual([
			{ day: '2026-01-05', messagesSent: 0, messagesReceived: 1, inputTokens: 0, outputTokens: 40 }
		]);
	});

	it('does not count a system message', () => {
		expect(
			usageOf([messageUpsert('m1', h('a'), { role: 'system', inputTokens: 5, outputTokens: 5 })])
		).toEqual([]);
	});

	it('counts on the UTC day of createdAt, not of updatedAt', () => {
		const message = messageUpsert('m1', h('a'), {
			inputTokens: 1,
			createdAt: '2026-01-05T23:59:59.999Z',
			updatedAt: '2026-01-06T00:00:00.500Z'
		});
		expect(usageOf([message])).toEqual([
			{ day: '2026-01-05', messagesSent: 1, messagesReceived: 0, inputTokens: 1, outputTokens: 0 }
		]);
	});

	it('adds messages of one day together and keeps days apart', () => {
		const usage = usageOf([
			messageUpsert('m1', h('1'), {
				role: 'user',
				inputTokens: 3,
				createdAt: '2026-01-05T08:00:00.000Z'
			}),
			messageUpsert('m2', h('2'), {
				role: 'assistant',
				outputTokens: 30,
				createdAt: '2026-01-05T08:00:01.000Z'
			}),
			messageUpsert('m3', h('3'), {
				role: 'user',
				inputTokens: 4,
				createdAt: '2026-01-06T00:00:00.000Z'
			}),
			messageUpsert('m4', h('4'), {
				role: 'user',
				inputTokens: 5,
				createdAt: '2026-01-05T21:00:00.000Z'
			})
		]);
		expect(usage).toEqual([
			{ day: '2026-01-05', messagesSent: 2, messagesReceived: 1, inputTokens: 8, outputTokens: 30 },
			{ day: '2026-01-06', messagesSent: 1, messagesReceived: 0, inputTokens: 4, outputTokens: 0 }
		]);
	});

	it.each<[string, StoredRecord[], CheckedRecord]>([
		[
			'an update',
			[S1, storedMessage('m1', 4, h('1'))],
			messageUpsert('m1', h('2'), { inputTokens: 9, updatedAt: T3 })
		],
		[
			'an unchanged upsert',
			[S1, storedMessage('m1', 4, h('1'), { inputTokens: 9 })],
			messageUpsert('m1', h('1'), { inputTokens: 9 })
		],
		[
			'a stale upsert',
			[S1, storedMessage('m1', 4, h('1'), { updatedAt: T3 })],
			messageUpsert('m1', h('2'), { inputTokens: 9, updatedAt: T2 })
		],
		['a message for an unknown session', [], messageUpsert('m1', h('2'), { inputTokens: 9 })],
		[
			'an upsert of a deleted message',
			[S1, tombstone('message', 'm1', 4)],
			messageUpsert('m1', h('2'), { inputTokens: 9 })
		],
		[
			'a rejected record',
			[S1],
			{ ok: false, type: 'message', id: 'm1', code: 'not_complete', message: 'pending' }
		],
		['a delete', [S1, storedMessage('m1', 4, h('1'))], deletion('message', 'm1')]
	])('counts nothing for %s', (_name, stored, record) => {
		expect(usageOf([record], stored)).toEqual([]);
	});
});

describe('planPush and the replies the server writes', () => {
	const reply: StoredRecord = {
		type: 'message',
		id: 'r1',
		version: 9,
		deleted: false,
		hash: h('7'),
		data: { ...messageData({ role: 'assistant' }), replyTo: 'm1' }
	};

	it('refuses an upsert over a reply the server wrote, even a newer one', () => {
		const plan = planPush(
			[messageUpsert('r1', h('8'), { role: 'assistant', updatedAt: T3 })],
			storeOf(storedSession('s1', 1, h('1')), reply),
			SEQ
		);
		expect(plan.results).toEqual([
			expect.objectContaining({ id: 'r1', status: 'rejected', code: 'server_owned' })
		]);
		expect(plan.writes).toEqual([]);
	});

	it('lets the user delete a reply', () => {
		const plan = planPush([deletion('message', 'r1')], storeOf(reply), SEQ);
		expect(plan.results).toEqual([expect.objectContaining({ id: 'r1', status: 'deleted' })]);
	});
});
