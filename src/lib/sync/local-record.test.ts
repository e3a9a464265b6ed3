import { describe, expect, it } from 'vitest';
import type { MessageStatus } from '$lib/protocol/record';
import {
	isPending,
	isSyncable,
	localKey,
	onTopOf,
	type Acked,
	type LocalRecord
} from './local-record';

const h = (digit: string): string => `sha256:${digit.repeat(64)}`;
const AT = '2026-01-05T10:00:00.000Z';

interface SyncState {
	acked?: Acked;
	rejected?: LocalRecord['rejected'];
}

const session = (hash: string, state: SyncState = {}): LocalRecord => ({
	key: localKey('session', 's1'),
	id: 's1',
	sessionId: '',
	type: 'session',
	deleted: false,
	hash,
	data: { title: 'Trip', createdAt: AT, updatedAt: AT },
	acked: state.acked ?? null,
	version: null,
	rejected: state.rejected ?? null,
	changedAt: 0
});

const message = (hash: string, status: MessageStatus, state: SyncState = {}): LocalRecord => ({
	key: localKey('message', 'm1'),
	id: 'm1',
	sessionId: 's1',
	type: 'message',
	deleted: false,
	hash,
	data: {
		sessionId: 's1',
		role: 'assistant',
		content: 'Hi',
		model: 'demo',
		status,
		inputTokens: 0,
		outputTokens: 2,
		elapsedMs: 10,
		createdAt: AT,
		updatedAt: AT
	},
	acked: state.acked ?? null,
	version: null,
	rejected: state.rejected ?? null,
	changedAt: 0
});

const deleted = (state: SyncState = {}): LocalRecord => ({
	key: localKey('message', 'm1'),
	id: 'm1',
	sessionId: 's1',
	type: 'message',
	deleted: true,
	hash: null,
	data: null,
	acked: state.acked ?? null,
	version: null,
	rejected: state.rejected ?? null,
	changedAt: 0
});

const refusal = (hash: string | null) => ({ hash, code: 'invalid', message: 'no' });

describe('localKey', () => {
	it('joins the type and the id', () => {
		expect(localKey('message', 'abc')).toBe('message:abc');
	});
});

describe('isSyncable', () => {
	it.each<[string, LocalRecord, boolean]>([
		['a session', session(h('a')), true],
		['a complete message', message(h('a'), 'complete'), true],
		['a pending message', message(h('a'), 'pending'), false],
		['a streaming message', message(h('a'), 'streaming'), false],
		['a failed message', message(h('a'), 'failed'), false],
		['a deleted message', deleted(), true]
	])('judges %s syncable: %s', (_name, record, expected) => {
		expect(isSyncable(record)).toBe(expected);
	});
});

describe('isPending', () => {
	it.each<[string, LocalRecord, boolean]>([
		['a session never acknowledged', session(h('a')), true],
		['a session whose state is acknowledged', session(h('a'), { acked: h('a') }), false],
		['a session changed since its acknowledged state', session(h('b'), { acked: h('a') }), true],
		['a session the server knows as deleted', session(h('b'), { acked: 'deleted' }), true],
		['a complete message never acknowledged', message(h('a'), 'complete'), true],
		['a streaming message', message(h('a'), 'streaming'), false],
		['a pending message', message(h('a'), 'pending'), false],
		[
			'a failed message changed since its acknowledged state',
			message(h('b'), 'failed', { acked: h('a') }),
			false
		],
		['a deletion never acknowledged', deleted(), true],
		['a deletion of an acknowledged state', deleted({ acked: h('a') }), true],
		['an acknowledged deletion', deleted({ acked: 'deleted' }), false],
		['a state the server refused', session(h('a'), { rejected: refusal(h('a')) }), false],
		[
			'a state changed since the server refused an older one',
			session(h('b'), { rejected: refusal(h('a')) }),
			true
		],
		['a deletion the server refused', deleted({ rejected: refusal(null) }), false],
		['a deletion after the server refused an upsert', deleted({ rejected: refusal(h('a')) }), true]
	])('judges %s pending: %s', (_name, record, expected) => {
		expect(isPending(record)).toBe(expected);
	});
});

describe('onTopOf', () => {
	const change = session(h('2'));

	it("takes what the server has of the record from the journal's current state", () => {
		const rejected = { hash: h('1'), code: 'http_400', message: 'no' };
		const current = { ...session(h('1'), { acked: h('1'), rejected }), version: 7 };
		expect(onTopOf(change, current)).toEqual({ ...change, acked: h('1'), version: 7, rejected });
		expect(isPending(onTopOf(change, current))).toBe(true);
	});

	it('writes a new record as never acknowledged', () => {
		expect(onTopOf({ ...change, acked: h('9'), version: 3 }, undefined)).toEqual(change);
	});

	it('refuses to bring back a record deleted meanwhile', () => {
		const gone: LocalRecord = {
			...session(h('1')),
			deleted: true,
			hash: null,
			data: null,
			acked: 'deleted'
		};
		expect(() => onTopOf(change, gone)).toThrow('session s1 was deleted');
	});
});
