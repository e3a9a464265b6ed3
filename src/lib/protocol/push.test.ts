import { describe, expect, it } from 'vitest';
import { MAX_BATCH_RECORDS, pushRequest, pushResponse } from './push';

const record = { type: 'session', id: 's1', op: 'delete' };
const envelope = (change: Record<string, unknown> = {}) => ({
	protocol: 1,
	clientId: 'client-1',
	batchId: 'batch-1',
	records: [record],
	...change
});

describe('pushRequest', () => {
	it('accepts a valid envelope', () => {
		expect(pushRequest.parse(envelope())).toEqual(envelope());
	});

	it('keeps the account the batch is bound to', () => {
		const bound = envelope({ accountId: '0b6f3c9e-4a1d-4c55-9a7e-2f1d0c3b8a11' });
		expect(pushRequest.parse(bound)).toEqual(bound);
	});

	it('leaves the shape of each record to the per-record check', () => {
		const odd = { type: 'folder', id: 'bad id', op: 'patch' };
		expect(pushRequest.safeParse(envelope({ records: [odd] })).success).toBe(true);
	});

	it.each<[string, Record<string, unknown>]>([
		['protocol 3', { protocol: 3 }],
		['protocol as a string', { protocol: '1' }],
		['a missing protocol', { protocol: undefined }],
		['a client id with bad characters', { clientId: 'client 1' }],
		['a batch id of 65 characters', { batchId: 'b'.repeat(65) }],
		['records that are not an array', { records: {} }],
		['an unknown envelope key', { user: 'someone-else' }],
		['an empty account id', { accountId: '' }],
		['an account id that is not a string', { accountId: 42 }],
		['an account id over 200 characters', { accountId: 'a'.repeat(201) }]
	])('refuses %s', (_name, change) => {
		expect(pushRequest.safeParse(envelope(change)).success).toBe(false);
	});

	it.each<[string, unknown]>([
		['a number', 3],
		['a string', 'record'],
		['null', null],
		['an array', [record]],
		['a boolean', true]
	])('refuses a records entry that is %s, pointing at its index', (_name, entry) => {
		const result = pushRequest.safeParse(envelope({ records: [record, record, record, entry] }));
		expect(result.success).toBe(false);
		expect(result.error?.issues.map((issue) => issue.path)).toContainEqual(['records', 3]);
	});

	it('accepts exactly 500 records', () => {
		expect(MAX_BATCH_RECORDS).toBe(500);
		const records = Array.from({ length: 500 }, () => record);
		expect(pushRequest.safeParse(envelope({ records })).success).toBe(true);
	});

	it('refuses more than 500 records', () => {
		const records = Array.from({ length: 501 }, () => record);
		expect(pushRequest.safeParse(envelope({ records })).success).toBe(false);
	});

	it('accepts an empty records array', () => {
		expect(pushRequest.safeParse(envelope({ records: [] })).success).toBe(true);
	});
});

describe('pushResponse', () => {
	it('accepts a response with every kind of result', () => {
		const value = {
			protocol: 1,
			batchId: 'batch-1',
			cursor: 'c1.9',
			results: [
				{ id: 's1', type: 'session', status: 'inserted', version: 8 },
				{ id: 's2', type: 'session', status: 'stale', version: 3, current: record },
				{
					id: 'm1',
					type: 'message',
					status: 'rejected',
					code: 'unknown_session',
					message: 'no session'
				}
			]
		};
		expect(pushResponse.parse(value)).toEqual(value);
	});

	it('refuses an unknown result status', () => {
		const value = {
			protocol: 1,
			batchId: 'batch-1',
			cursor: 'c1.9',
			results: [{ id: 's1', type: 'session', status: 'merged' }]
		};
		expect(pushResponse.safeParse(value).success).toBe(false);
	});
});
