import { describe, expect, it } from 'vitest';
import {
	messageData,
	recordHash,
	recordShape,
	sessionData,
	syncRecord,
	versionedRecord,
	type RecordType
} from './record';

const AT = '2026-01-05T10:00:00.000Z';
const HASH = `sha256:${'0123456789abcdef'.repeat(4)}`;

const session = { title: 'Trip to Lisbon', createdAt: AT, updatedAt: AT };
const message = {
	sessionId: 'sess-1',
	role: 'user',
	content: 'Hello there',
	model: null,
	status: 'complete',
	inputTokens: 12,
	outputTokens: 0,
	elapsedMs: 0,
	createdAt: AT,
	updatedAt: AT
};

/** `base` with the keys of `change` set, or removed where `change` gives undefined. */
function withChange(base: object, change: Record<string, unknown>): Record<string, unknown> {
	const value: Record<string, unknown> = { ...base, ...change };
	for (const [key, v] of Object.entries(change)) if (v === undefined) delete value[key];
	return value;
}

describe('sessionData', () => {
	it.each<[string, Record<string, unknown>, boolean]>([
		['a plain session', {}, true],
		['an empty title', { title: '' }, true],
		['a title of 200 code points', { title: 'a'.repeat(200) }, true],
		['a title of 200 emoji (400 UTF-16 units)', { title: '😀'.repeat(200) }, true],
		['a title of 201 code points', { title: 'a'.repeat(201) }, false],
		['a title of 201 emoji', { title: '😀'.repeat(201) }, false],
		['a title with NUL', { title: 'a\u0000b' }, false],
		['a title with a lone high surrogate', { title: 'a\ud83d' }, false],
		['a title with a lone low surrogate', { title: '\ude00a' }, false],
		['a timestamp without milliseconds', { createdAt: '2026-01-05T10:00:00Z' }, false],
		['a timestamp with an offset', { updatedAt: '2026-01-05T11:00:00.000+01:00' }, false],
		['an impossible date', { createdAt: '2026-02-30T10:00:00.000Z' }, false],
		['a numeric timestamp', { createdAt: Date.parse(AT) }, false],
		['an unknown key', { pinned: true }, false],
		['a missing title', { title: undefined }, false],
		['a non-string title', { title: 7 }, false]
	])('judges %s valid: %s', (_name, change, valid) => {
		expect(sessionData.safeParse(withChange(session, change)).success).toBe(valid);
	});

	it('parses a valid session to the same value', () => {
		expect(sessionData.parse(session)).toEqual(session);
	});
});

describe('messageData', () => {
	it.each<[string, Record<string, unknown>, boolean]>([
		['a plain user message', {}, true],
		[
			'an assistant message with a model',
			{ role: 'assistant', model: 'demo-1', outputTokens: 40 },
			true
		],
		['a system message', { role: 'system' }, true],
		['a pending message (a valid shape)', { status: 'pending' }, true],
		['a streaming message (a valid shape)', { status: 'streaming' }, true],
		['a failed message (a valid shape)', { status: 'failed' }, true],
		['an unknown status', { status: 'done' }, false],
		['an unknown role', { role: 'tool' }, false],
		['content of 100000 code points', { content: 'a'.repeat(100_000) }, true],
		['content of 100000 emoji', { content: '😀'.repeat(100_000) }, true],
		['content of 100001 code points', { content: 'a'.repeat(100_001) }, false],
		['content with NUL', { content: 'x\u0000' }, false],
		['content with a lone surrogate', { content: 'x\ud800y' }, false],
		['a missing model', { model: undefined }, false],
		['tokens at 2^31-1', { inputTokens: 2 ** 31 - 1, outputTokens: 2 ** 31 - 1 }, true],
		['input tokens above 2^31-1', { inputTokens: 2 ** 31 }, false],
		['elapsed above 2^31-1', { elapsedMs: 2 ** 31 }, false],
		['negative input tokens', { inputTokens: -1 }, false],
		['negative output tokens', { outputTokens: -5 }, false],
		['fractional tokens', { outputTokens: 1.5 }, false],
		['tokens as a string', { inputTokens: '3' }, false],
		['a session id with a space', { sessionId: 'sess 1' }, false],
		['a session id with a dot', { sessionId: 'sess.1' }, false],
		['a session id of 64 characters', { sessionId: 's'.repeat(64) }, true],
		['a session id of 65 characters', { sessionId: 's'.repeat(65) }, false],
		['an empty session id', { sessionId: '' }, false],
		['a non-UTC createdAt', { createdAt: '2026-01-05T10:00:00.000-05:00' }, false],
		['an impossible updatedAt', { updatedAt: '2026-02-30T00:00:00.000Z' }, false],
		['an unknown key', { temperature: 0.7 }, false]
	])('judges %s valid: %s', (_name, change, valid) => {
		expect(messageData.safeParse(withChange(message, change)).success).toBe(valid);
	});
});

describe('recordHash', () => {
	it.each([
		[HASH, true],
		[`sha256:${'A'.repeat(64)}`, false],
		[`sha256:${'a'.repeat(63)}`, false],
		[`sha256:${'a'.repeat(65)}`, false],
		['a'.repeat(64), false],
		[`sha1:${'a'.repeat(64)}`, false]
	])('judges %j valid: %s', (value, valid) => {
		expect(recordHash.safeParse(value).success).toBe(valid);
	});
});

const RECORD_CASES: [string, Record<string, unknown>, boolean][] = [
	[
		'a session upsert',
		{ type: 'session', id: 's1', op: 'upsert', hash: HASH, data: session },
		true
	],
	[
		'a message upsert',
		{ type: 'message', id: 'm1', op: 'upsert', hash: HASH, data: message },
		true
	],
	['a session delete', { type: 'session', id: 's1', op: 'delete' }, true],
	['a message delete', { type: 'message', id: 'm1', op: 'delete' }, true],
	['an upsert without hash', { type: 'session', id: 's1', op: 'upsert', data: session }, false],
	['an upsert without data', { type: 'session', id: 's1', op: 'upsert', hash: HASH }, false],
	[
		'a session upsert with message data',
		{ type: 'session', id: 's1', op: 'upsert', hash: HASH, data: message },
		false
	],
	['a delete with a hash', { type: 'session', id: 's1', op: 'delete', hash: HASH }, false],
	['a delete with data', { type: 'message', id: 'm1', op: 'delete', data: message }, false],
	['an unknown type', { type: 'folder', id: 'f1', op: 'delete' }, false],
	['an unknown op', { type: 'session', id: 's1', op: 'patch' }, false],
	['an id of 65 characters', { type: 'session', id: 'i'.repeat(65), op: 'delete' }, false],
	['an id with a slash', { type: 'session', id: 'a/b', op: 'delete' }, false],
	['an unknown key on the record', { type: 'session', id: 's1', op: 'delete', extra: 1 }, false],
	[
		'an unknown key in data',
		{ type: 'session', id: 's1', op: 'upsert', hash: HASH, data: { ...session, color: 'red' } },
		false
	]
];

describe('syncRecord', () => {
	it.each(RECORD_CASES)('judges %s valid: %s', (_name, value, valid) => {
		expect(syncRecord.safeParse(value).success).toBe(valid);
	});
});

describe('recordShape', () => {
	// The server checks a record's type and op first, then the one shape they name.
	const known = RECORD_CASES.filter(
		([, value]) =>
			(value.type === 'session' || value.type === 'message') &&
			(value.op === 'upsert' || value.op === 'delete')
	);
	it.each(known)('judges %s as syncRecord does: %s', (_name, value, valid) => {
		const shape = recordShape(value.type as RecordType, value.op as 'upsert' | 'delete');
		expect(shape.safeParse(value).success).toBe(valid);
	});
});

describe('versionedRecord', () => {
	it('accepts a record with its version', () => {
		const value = { type: 'session', id: 's1', op: 'delete', version: 4 };
		expect(versionedRecord.parse(value)).toEqual(value);
	});

	it('requires the version', () => {
		expect(versionedRecord.safeParse({ type: 'session', id: 's1', op: 'delete' }).success).toBe(
			false
		);
	});

	it('refuses a negative version', () => {
		expect(
			versionedRecord.safeParse({ type: 'session', id: 's1', op: 'delete', version: -1 }).success
		).toBe(false);
	});
});
