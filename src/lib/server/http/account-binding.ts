import { ACCOUNT_MISMATCH } from '$lib/protocol/account';
import type { ProblemSpec } from './problem';

/**
 * The `accountId` a pull's query names: undefined without one, the value with one, every value
 * when it is given more than once (which no single account can match).
 */
export function queryAccountId(params: URLSearchParams): unknown {
	const values = params.getAll('accountId');
	return values.length > 1 ? values : values[0];
}

/**
 * The `409 account_mismatch` problem for a request bound to another account than the signed-in
 * user (`claimed` present and not `userId`), or undefined when the request may go on: it names
 * no account, or the signed-in one. A refused request writes and returns nothing.
 */
export function accountMismatch(userId: string, claimed: unknown): ProblemSpec | undefined {
	if (claimed === undefined || claimed === userId) return undefined;
	return {
		status: 409,
		code: ACCOUNT_MISMATCH,
		detail:
			'This request belongs to another account than the one signed in in this browser. ' +
			'Sign in again as that account to sync its data.'
	};
}
