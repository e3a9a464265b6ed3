import { describe, expect, it } from 'vitest';
import { PULL_DEFAULT_LIMIT, pullQuery, pullResponse } from './pull';

describe('pullQuery', () => {
	it('defaults the limit to 500 and leaves the cursor out', () => {
		expect(PULL_DEFAULT_LIMIT).toBe(500);
		expect(pullQuery.parse({})).toEqual({ limit: 500 });
	});

	it('reads the limit from a query string value', () => {
		expect(pullQuery.parse({ limit: '25', cursor: 'c1.a' })).toEqual({ limit: 25, cursor: 'c1.a' });
	});

	it.each([
		['1', 1],
		['1000', 1000],
		['500', 500]
	])('accepts the limit %s', (limit, expected) => {
		expect(pullQuery.parse({ limit }).limit).toBe(expected);
	});

	it.each(['0', '1001', '-1', '2.5', 'abc', ''])('refuses the limit %j', (limit) => {
		expect(pullQuery.safeParse({ limit }).success).toBe(false);
	});

	it('reads the account the pull is bound to', () => {
		expect(pullQuery.parse({ accountId: 'user-1' })).toEqual({ accountId: 'user-1', limit: 500 });
	});

	it('refuses an empty account id', () => {
		expect(pullQuery.safeParse({ accountId: '' }).success).toBe(false);
	});

	it('refuses an empty cursor', () => {
		expect(pullQuery.safeParse({ cursor: '' }).success).toBe(false);
	});

	it('refuses an unknown query key', () => {
		expect(pullQuery.safeParse({ since: '3' }).success).toBe(false);
	});
});

describe('pullResponse', () => {
	it('accepts records with versions', () => {
		const value = {
			protocol: 1,
			records: [{ type: 'message', id: 'm1', op: 'delete', version: 7 }],
			cursor: 'c1.7',
			hasMore: false
		};
		expect(pullResponse.parse(value)).toEqual(value);
	});

	it('refuses a record without a version', () => {
		const value = {
			protocol: 1,
			records: [{ type: 'message', id: 'm1', op: 'delete' }],
			cursor: 'c1.7',
			hasMore: false
		};
		expect(pullResponse.safeParse(value).success).toBe(false);
	});
});
