import { describe, expect, it } from 'vitest';
import type { PushResult } from '$lib/protocol/push';
import type { SessionData } from '$lib/protocol/record';
import { isPending, localKey, type Acked, type LocalRecord } from './local-record';
import { applyResult } from './results';

const h = (digit: string): string => `sha256:${digit.repeat(64)}`;
const T1 = '2026-01-05T10:00:00.000Z';
const T2 = '2026-01-05T11:00:00.000Z';

const data = (title: string, updatedAt = T1): SessionData => ({ title, createdAt: T1, updatedAt });

const session = (
	hash: string,
	title: string,
	acked: Acked = null,
	version: number | null = null
): LocalRecord => ({
	key: localKey('session', 's1'),
	id: 's1',
	sessionId: '',
	type: 'session',
	deleted: false,
	hash,
	data: data(title),
	acked,
	version,
	rejected: null,
	changedAt: 1234
});

const deleted = (acked: Acked): LocalRecord => ({
	key: localKey('session', 's1'),
	id: 's1',
	sessionId: '',
	type: 'session',
	deleted: true,
	hash: null,
	data: null,
	acked,
	version: 2,
	rejected: null,
	changedAt: 1234
});

const result = (fields: Omit<PushResult, 'id' | 'type'>): PushResult => ({
	id: 's1',
	type: 'session',
	...fields
});

describe('applyResult', () => {
	it.each(['inserted', 'updated', 'unchanged'] as const)(
		'acknowledges the sent state and takes the version on %s',
		(status) => {
			const record = session(h('a'), 'Trip', null, 1);
			const after = applyResult(record, h('a'), result({ status, version: 8 }));
			expect(after).toEqual({ ...record, acked: h('a'), version: 8, rejected: null });
			expect(isPending(after)).toBe(false);
		}
	);

	it('clears an earlier refusal when a state is accepted', () => {
		const record = {
			...session(h('b'), 'Trip'),
			rejected: { hash: h('a'), code: 'invalid', message: 'x' }
		};
		expect(
			applyResult(record, h('b'), result({ status: 'updated', version: 3 })).rejected
		).toBeNull();
	});

	it('keeps a change made since the send pending after an insert', () => {
		const record = session(h('b'), 'Trip 2', null, null);
		const after = applyResult(record, h('a'), result({ status: 'inserted', version: 5 }));
		expect(after.acked).toBe(h('a'));
		expect(after.hash).toBe(h('b'));
		expect(after.data).toEqual(data('Trip 2'));
		expect(after.version).toBe(5);
		expect(isPending(after)).toBe(true);
	});

	it('keeps the old version when the result carries none', () => {
		const after = applyResult(
			session(h('a'), 'Trip', null, 4),
			h('a'),
			result({ status: 'unchanged' })
		);
		expect(after.version).toBe(4);
	});

	it('acknowledges a deletion on deleted', () => {
		const record = deleted(h('a'));
		const after = applyResult(record, null, result({ status: 'deleted', version: 9 }));
		expect(after).toEqual({ ...record, acked: 'deleted', version: 9, rejected: null });
		expect(isPending(after)).toBe(false);
	});

	it('takes the server state on stale when nothing changed since the send', () => {
		const record = session(h('a'), 'Mine', null, 2);
		const current = {
			type: 'session',
			id: 's1',
			op: 'upsert',
			hash: h('c'),
			data: data('Theirs', T2)
		} as const;
		const after = applyResult(record, h('a'), result({ status: 'stale', version: 6, current }));
		expect(after).toEqual({
			key: 'session:s1',
			id: 's1',
			sessionId: '',
			type: 'session',
			deleted: false,
			hash: h('c'),
			data: data('Theirs', T2),
			acked: h('c'),
			version: 6,
			rejected: null,
			changedAt: 1234
		});
		expect(isPending(after)).toBe(false);
	});

	it('takes a server tombstone on stale when nothing changed since the send', () => {
		const current = { type: 'session', id: 's1', op: 'delete' } as const;
		const after = applyResult(
			session(h('a'), 'Mine'),
			h('a'),
			result({ status: 'stale', version: 6, current })
		);
		expect(after).toMatchObject({
			deleted: true,
			hash: null,
			data: null,
			acked: 'deleted',
			version: 6
		});
	});

	it('keeps a newer local change pending on stale and records what the server holds', () => {
		const record = session(h('b'), 'Mine, edited', h('0'), 2);
		const current = {
			type: 'session',
			id: 's1',
			op: 'upsert',
			hash: h('c'),
			data: data('Theirs', T2)
		} as const;
		const after = applyResult(record, h('a'), result({ status: 'stale', version: 6, current }));
		expect(after).toEqual({ ...record, acked: h('c'), version: 6 });
		expect(isPending(after)).toBe(true);
	});

	it('only takes the version on stale without current', () => {
		const record = session(h('a'), 'Mine', null, 2);
		expect(applyResult(record, h('a'), result({ status: 'stale', version: 6 }))).toEqual({
			...record,
			version: 6
		});
	});

	it('turns the record into an acknowledged tombstone when rejected as deleted', () => {
		const record = session(h('a'), 'Mine', null, 2);
		const after = applyResult(
			record,
			h('a'),
			result({ status: 'rejected', code: 'deleted', message: 'gone' })
		);
		expect(after).toMatchObject({
			key: 'session:s1',
			type: 'session',
			deleted: true,
			hash: null,
			data: null,
			acked: 'deleted',
			rejected: null,
			version: 2
		});
		expect(isPending(after)).toBe(false);
	});

	it('keeps a record rejected as unknown_session pending, to send again', () => {
		const record = session(h('a'), 'Mine', null, null);
		const after = applyResult(
			record,
			h('a'),
			result({ status: 'rejected', code: 'unknown_session', message: 'm' })
		);
		expect(after).toEqual(record);
		expect(isPending(after)).toBe(true);
	});

	it('records the refusal of the sent state on other rejections, so it is not sent again', () => {
		const record = session(h('a'), 'Mine');
		const after = applyResult(
			record,
			h('a'),
			result({ status: 'rejected', code: 'invalid', message: 'title: too long' })
		);
		expect(after).toEqual({
			...record,
			rejected: { hash: h('a'), code: 'invalid', message: 'title: too long' }
		});
		expect(isPending(after)).toBe(false);
	});

	it('keeps a change made since a refused send pending', () => {
		const after = applyResult(
			session(h('b'), 'Fixed'),
			h('a'),
			result({ status: 'rejected', code: 'invalid', message: 'x' })
		);
		expect(after.rejected).toEqual({ hash: h('a'), code: 'invalid', message: 'x' });
		expect(isPending(after)).toBe(true);
	});

	it('fills in a code and message when a rejection carries none', () => {
		const after = applyResult(session(h('a'), 'Mine'), h('a'), result({ status: 'rejected' }));
		expect(after.rejected).toEqual({ hash: h('a'), code: 'rejected', message: '' });
	});
});
