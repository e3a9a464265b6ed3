import { describe, expect, it } from 'vitest';
import { pushRequest } from '$lib/protocol/push';
import { syncRecord } from '$lib/protocol/record';
import { planBatch, toSyncRecord } from './batch';
import { localKey, type Acked, type LocalRecord } from './local-record';

const h = (digit: string): string => `sha256:${digit.repeat(64)}`;
const AT = '2026-01-05T10:00:00.000Z';
const ENVELOPE = {
	clientId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
	accountId: '0b6f3c9e-4a1d-4c55-9a7e-2f1d0c3b8a11',
	batchId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c'
};

interface Options {
	changedAt?: number;
	acked?: Acked;
	content?: string;
	status?: 'complete' | 'pending' | 'streaming' | 'failed';
}

const session = (id: string, options: Options = {}): LocalRecord => ({
	key: localKey('session', id),
	id,
	sessionId: '',
	type: 'session',
	deleted: false,
	hash: h('a'),
	data: { title: `Chat ${id}`, createdAt: AT, updatedAt: AT },
	acked: options.acked ?? null,
	version: null,
	rejected: null,
	changedAt: options.changedAt ?? 0
});

const message = (id: string, options: Options = {}): LocalRecord => ({
	key: localKey('message', id),
	id,
	sessionId: 's1',
	type: 'message',
	deleted: false,
	hash: h('b'),
	data: {
		sessionId: 's1',
		role: 'user',
		content: options.content ?? 'Hello',
		model: null,
		status: options.status ?? 'complete',
		inputTokens: 1,
		outputTokens: 0,
		elapsedMs: 0,
		createdAt: AT,
		updatedAt: AT
	},
	acked: options.acked ?? null,
	version: null,
	rejected: null,
	changedAt: options.changedAt ?? 0
});

const deletion = (id: string, options: Options = {}): LocalRecord => ({
	key: localKey('session', id),
	id,
	sessionId: '',
	type: 'session',
	deleted: true,
	hash: null,
	data: null,
	acked: options.acked ?? h('a'),
	version: 3,
	rejected: null,
	changedAt: options.changedAt ?? 0
});

const sizeOf = (record: LocalRecord): number =>
	new TextEncoder().encode(JSON.stringify(toSyncRecord(record))).byteLength + 1;

describe('toSyncRecord', () => {
	it('makes an upsert with hash and data for a live record', () => {
		const record = session('s1');
		expect(toSyncRecord(record)).toEqual({
			type: 'session',
			id: 's1',
			op: 'upsert',
			hash: h('a'),
			data: record.data
		});
	});

	it('makes a delete without hash or data for a deleted record', () => {
		expect(toSyncRecord(deletion('s1'))).toStrictEqual({ type: 'session', id: 's1', op: 'delete' });
	});

	it('makes records the protocol schema accepts', () => {
		for (const record of [session('s1'), message('m1'), deletion('s2')]) {
			expect(syncRecord.safeParse(toSyncRecord(record)).success).toBe(true);
		}
	});
});

describe('planBatch', () => {
	it('gives undefined when there are no records', () => {
		expect(planBatch([], ENVELOPE)).toBeUndefined();
	});

	it('gives undefined when nothing is pending', () => {
		const records = [
			session('s1', { acked: h('a') }),
			message('m1', { acked: h('b') }),
			message('m2', { status: 'streaming' }),
			deletion('s2', { acked: 'deleted' })
		];
		expect(planBatch(records, ENVELOPE)).toBeUndefined();
	});

	it('builds the envelope with the protocol version, client, account and batch ids', () => {
		const planned = planBatch([session('s1')], {
			clientId: 'client-7',
			accountId: 'user-3',
			batchId: 'batch-9'
		});
		expect(planned?.batchId).toBe('batch-9');
		const body: unknown = JSON.parse(planned?.body ?? 'null');
		expect(body).toEqual({
			protocol: 2,
			clientId: 'client-7',
			accountId: 'user-3',
			batchId: 'batch-9',
			records: [toSyncRecord(session('s1'))]
		});
		expect(pushRequest.safeParse(body).success).toBe(true);
	});

	it('puts sessions before messages, even older messages', () => {
		const planned = planBatch(
			[
				message('m1', { changedAt: 1 }),
				session('s2', { changedAt: 9 }),
				message('m2', { changedAt: 2 }),
				session('s1', { changedAt: 5 })
			],
			ENVELOPE
		);
		expect(planned?.records.map((r) => r.key)).toEqual([
			'session:s1',
			'session:s2',
			'message:m1',
			'message:m2'
		]);
	});

	it('orders records of one type by when they changed, then by key', () => {
		const planned = planBatch(
			[
				message('m3', { changedAt: 5 }),
				message('m2', { changedAt: 5 }),
				message('m1', { changedAt: 7 })
			],
			ENVELOPE
		);
		expect(planned?.records.map((r) => r.key)).toEqual(['message:m2', 'message:m3', 'message:m1']);
	});

	it('keeps records in the body in the same order as the record list', () => {
		const planned = planBatch([message('m1'), session('s1')], ENVELOPE);
		const body = JSON.parse(planned?.body ?? '{}') as { records: { id: string }[] };
		expect(body.records.map((r) => r.id)).toEqual(['s1', 'm1']);
	});

	it('leaves out messages that are not complete', () => {
		const planned = planBatch(
			[
				message('m1', { status: 'pending' }),
				message('m2'),
				message('m3', { status: 'streaming' }),
				message('m4', { status: 'failed' })
			],
			ENVELOPE
		);
		expect(planned?.records.map((r) => r.key)).toEqual(['message:m2']);
	});

	it('lists the hash each entry carries, null for a delete', () => {
		const planned = planBatch([deletion('s2'), message('m1')], ENVELOPE);
		expect(planned?.records).toEqual([
			{ key: 'session:s2', hash: null },
			{ key: 'message:m1', hash: h('b') }
		]);
	});

	it('takes at most maxRecords records', () => {
		const records = [session('s1'), session('s2'), session('s3')];
		const planned = planBatch(records, ENVELOPE, { maxRecords: 2, maxBytes: 1_000_000 });
		expect(planned?.records.map((r) => r.key)).toEqual(['session:s1', 'session:s2']);
	});

	it('stops before the record that would pass maxBytes', () => {
		const records = [
			message('m1', { changedAt: 1 }),
			message('m2', { changedAt: 2 }),
			message('m3', { changedAt: 3 })
		];
		const two = 512 + sizeOf(records[0]!) + sizeOf(records[1]!);
		const fits = planBatch(records, ENVELOPE, { maxRecords: 500, maxBytes: two });
		expect(fits?.records.map((r) => r.key)).toEqual(['message:m1', 'message:m2']);
		const short = planBatch(records, ENVELOPE, { maxRecords: 500, maxBytes: two - 1 });
		expect(short?.records.map((r) => r.key)).toEqual(['message:m1']);
	});

	it('makes a body no larger than maxBytes', () => {
		const records = Array.from({ length: 40 }, (_, i) =>
			message(`m${i}`, { content: 'é'.repeat(300), changedAt: i })
		);
		const maxBytes = 4_000;
		const planned = planBatch(records, ENVELOPE, { maxRecords: 500, maxBytes });
		expect(planned).toBeDefined();
		expect(planned?.records.length).toBeGreaterThan(1);
		expect(planned?.records.length).toBeLessThan(40);
		expect(new TextEncoder().encode(planned?.body).byteLength).toBeLessThanOrEqual(maxBytes);
	});

	it('sends a single record larger than maxBytes on its own rather than never', () => {
		const big = message('m1', { content: 'x'.repeat(2_000) });
		const planned = planBatch([big, message('m2', { changedAt: 1 })], ENVELOPE, {
			maxRecords: 500,
			maxBytes: 1_000
		});
		expect(planned?.records.map((r) => r.key)).toEqual(['message:m1']);
	});

	it('takes up to 500 records by default', () => {
		const records = Array.from({ length: 501 }, (_, i) => session(`s${i}`, { changedAt: i }));
		const planned = planBatch(records, ENVELOPE);
		expect(planned?.records).toHaveLength(500);
		expect(planned?.records.at(-1)?.key).toBe('session:s499');
	});
});
