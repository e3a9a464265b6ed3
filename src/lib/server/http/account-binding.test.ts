import { describe, expect, it } from 'vitest';
import { accountMismatch, queryAccountId } from './account-binding';

const USER = '0b6f3c9e-4a1d-4c55-9a7e-2f1d0c3b8a11';

describe('accountMismatch', () => {
	it.each<[string, unknown]>([
		['names no account', undefined],
		['names the signed-in account', USER]
	])('lets a request through that %s', (_name, claimed) => {
		expect(accountMismatch(USER, claimed)).toBeUndefined();
	});

	it.each<[string, unknown]>([
		['another account', '7d1e0a52-9a0b-4f1e-8c2d-5b3a4c6d7e8f'],
		['the same id in another case', USER.toUpperCase()],
		['an empty id', ''],
		['null', null],
		['two ids, one of them the signed-in one', [USER, 'someone-else']]
	])('refuses a request bound to %s with 409 account_mismatch', (_name, claimed) => {
		const problem = accountMismatch(USER, claimed);
		expect(problem).toMatchObject({ status: 409, code: 'account_mismatch' });
		expect(problem?.detail).toMatch(/another account/);
	});
});

describe('queryAccountId', () => {
	it.each<[string, string, unknown]>([
		['no accountId', 'limit=5', undefined],
		['one accountId', `accountId=${USER}&limit=5`, USER],
		['an empty accountId', 'accountId=', ''],
		['accountId twice', `accountId=${USER}&accountId=other`, [USER, 'other']]
	])('reads %s', (_name, query, expected) => {
		expect(queryAccountId(new URLSearchParams(query))).toEqual(expected);
	});
});
