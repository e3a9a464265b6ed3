import type { Queryable } from '../db/database';
import { Refusals } from '../limits/refusals';
import { countFailure, limitReached, takeRequest, type RetryAfter } from '../limits/request-limits';

/** The window of LOGIN_RATE_LIMIT: failed sign-ins per account, and per address, in 15 minutes. */
export const LOGIN_WINDOW_SECONDS = 15 * 60;
/** The window of SIGNUP_RATE_LIMIT: sign-ups per address in an hour. */
export const SIGNUP_WINDOW_SECONDS = 60 * 60;

/** Who a sign-in attempt is counted against: the account it names and the address it came from. */
export interface SignInAttempt {
	email: string;
	address: string;
}

const loginKeys = (attempt: SignInAttempt) => [
	`login-account:${attempt.email}`,
	`login-address:${attempt.address}`
];

/**
 * Whether sign-ins for this account or from this address are paused: either had `limit`
 * failures in the current window. Checked before the password is hashed, so that a paused
 * attempt costs no hashing, and the same for known and unknown emails.
 */
export function signInPaused(
	db: Queryable,
	attempt: SignInAttempt,
	limit: number
): Promise<RetryAfter> {
	return limitReached(db, loginKeys(attempt), LOGIN_WINDOW_SECONDS, limit);
}

/** Counts a failed sign-in against its account and its address. */
export async function countFailedSignIn(
	db: Queryable,
	attempt: SignInAttempt,
	limit: number
): Promise<void> {
	if (limit > 0) await countFailure(db, loginKeys(attempt), LOGIN_WINDOW_SECONDS);
}

// An address refused for the hour is answered from here until it ends, without a query each.
const signUpRefusals = new Refusals();

/** Counts a sign-up from `address`; over `limit` in the hour, the seconds to wait. */
export function takeSignUp(db: Queryable, address: string, limit: number): Promise<RetryAfter> {
	return takeRequest(db, `signup-address:${address}`, SIGNUP_WINDOW_SECONDS, limit, signUpRefusals);
}

/** "3 minutes", "1 minute", "40 seconds": how long a limit lasts, for a person. */
export function waitInWords(seconds: number): string {
	if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
	const minutes = Math.ceil(seconds / 60);
	return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}
