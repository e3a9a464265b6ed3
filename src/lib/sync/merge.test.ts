import { describe, expect, it } from 'vitest';
import type { MessageData, SessionData, VersionedRecord } from '$lib/protocol/record';
import { isPending, localKey, type Acked, type LocalRecord } from './local-record';
import { fromWireRecord, mergePulled } from './merge';

const h = (digit: string): string => `sha256:${digit.repeat(64)}`;
const T1 = '2026-01-05T10:00:00.000Z';
const T2 = '2026-01-05T11:00:00.000Z';
const T3 = '2026-01-05T12:00:00.000Z';
const NOW = 99_000;

const data = (title: string, updatedAt: string): SessionData => ({
	title,
	createdAt: T1,
	updatedAt
});

const local = (hash: string, title: string, updatedAt: string, acked: Acked): LocalRecord => ({
	key: localKey('session', 's1'),
	id: 's1',
	sessionId: '',
	type: 'session',
	deleted: false,
	hash,
	data: data(title, updatedAt),
	acked,
	version: 1,
	rejected: null,
	changedAt: 500
});

const localDeletion = (acked: Acked): LocalRecord => ({
	key: localKey('session', 's1'),
	id: 's1',
	sessionId: '',
	type: 'session',
	deleted: true,
	hash: null,
	data: null,
	acked,
	version: 1,
	rejected: null,
	changedAt: 500
});

const remote = (hash: string, title: string, updatedAt: string, version = 7): VersionedRecord => ({
	type: 'session',
	id: 's1',
	op: 'upsert',
	hash,
	data: data(title, updatedAt),
	version
});

const remoteDeletion = (version = 7): VersionedRecord => ({
	type: 'session',
	id: 's1',
	op: 'delete',
	version
});

/** The acknowledged local form of a remote session state. */
const acknowledged = (
	hash: string,
	title: string,
	updatedAt: string,
	changedAt: number
): LocalRecord => ({
	key: 'session:s1',
	id: 's1',
	sessionId: '',
	type: 'session',
	deleted: false,
	hash,
	data: data(title, updatedAt),
	acked: hash,
	version: 7,
	rejected: null,
	changedAt
});

describe('fromWireRecord', () => {
	it('makes an acknowledged message that knows its session', () => {
		const messageData: MessageData = {
			sessionId: 's9',
			role: 'assistant',
			content: 'Hi',
			model: 'demo',
			status: 'complete',
			inputTokens: 0,
			outputTokens: 1,
			elapsedMs: 3,
			createdAt: T1,
			updatedAt: T1
		};
		const record = fromWireRecord(
			{ type: 'message', id: 'm1', op: 'upsert', hash: h('a'), data: messageData },
			10,
			4
		);
		expect(record).toEqual({
			key: 'message:m1',
			id: 'm1',
			sessionId: 's9',
			type: 'message',
			deleted: false,
			hash: h('a'),
			data: messageData,
			acked: h('a'),
			version: 4,
			rejected: null,
			changedAt: 10
		});
		expect(isPending(record)).toBe(false);
	});

	it('makes an acknowledged tombstone of a delete', () => {
		expect(fromWireRecord({ type: 'message', id: 'm1', op: 'delete' }, 10, 4)).toMatchObject({
			key: 'message:m1',
			deleted: true,
			hash: null,
			data: null,
			acked: 'deleted',
			version: 4
		});
	});
});

describe('mergePulled', () => {
	it('stores a record the device does not hold, changed now', () => {
		expect(mergePulled(undefined, remote(h('a'), 'Theirs', T2), NOW)).toEqual(
			acknowledged(h('a'), 'Theirs', T2, NOW)
		);
	});

	it('lets the remote state win over an acknowledged local one, even an older remote', () => {
		const after = mergePulled(local(h('b'), 'Mine', T3, h('b')), remote(h('a'), 'Theirs', T2), NOW);
		expect(after).toEqual(acknowledged(h('a'), 'Theirs', T2, 500));
	});

	it('lets a newer pending local change win and stay pending', () => {
		const mine = local(h('b'), 'Mine', T3, h('0'));
		const after = mergePulled(mine, remote(h('a'), 'Theirs', T2), NOW);
		expect(after).toEqual({ ...mine, acked: h('a'), version: 7 });
		expect(isPending(after)).toBe(true);
	});

	it('lets a newer remote state win over an older pending local change', () => {
		const after = mergePulled(local(h('b'), 'Mine', T1, h('0')), remote(h('a'), 'Theirs', T2), NOW);
		expect(after).toEqual(acknowledged(h('a'), 'Theirs', T2, 500));
		expect(isPending(after)).toBe(false);
	});

	it('breaks a tie on updatedAt in favour of the larger local hash', () => {
		const mine = local(h('b'), 'Mine', T2, null);
		expect(mergePulled(mine, remote(h('a'), 'Theirs', T2), NOW)).toEqual({
			...mine,
			acked: h('a'),
			version: 7
		});
	});

	it('breaks a tie on updatedAt in favour of the larger remote hash', () => {
		const after = mergePulled(local(h('a'), 'Mine', T2, null), remote(h('b'), 'Theirs', T2), NOW);
		expect(after).toEqual(acknowledged(h('b'), 'Theirs', T2, 500));
	});

	it('acknowledges a pending local state the server already holds', () => {
		const after = mergePulled(local(h('a'), 'Same', T2, null), remote(h('a'), 'Same', T2), NOW);
		expect(after).toEqual(acknowledged(h('a'), 'Same', T2, 500));
		expect(isPending(after)).toBe(false);
	});

	it('keeps a pending local deletion over a remote upsert', () => {
		const mine = localDeletion(h('0'));
		const after = mergePulled(mine, remote(h('a'), 'Theirs', T3), NOW);
		expect(after).toEqual({ ...mine, version: 7 });
		expect(isPending(after)).toBe(true);
	});

	it('lets a remote deletion win over a newer pending local change', () => {
		const after = mergePulled(local(h('b'), 'Mine', T3, h('0')), remoteDeletion(), NOW);
		expect(after).toMatchObject({
			deleted: true,
			hash: null,
			data: null,
			acked: 'deleted',
			version: 7,
			changedAt: 500
		});
		expect(isPending(after)).toBe(false);
	});

	it('acknowledges a pending local deletion when the remote deletes too', () => {
		const after = mergePulled(localDeletion(h('0')), remoteDeletion(9), NOW);
		expect(after).toMatchObject({ deleted: true, acked: 'deleted', version: 9 });
		expect(isPending(after)).toBe(false);
	});
});
