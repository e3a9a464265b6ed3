import { ACCOUNT_MISMATCH } from '$lib/protocol/account';
import { problem } from '$lib/protocol/problem';
import { backoffDelay, retryAfterMs } from './backoff';

/** What the client does with a server answer, as the protocol's status table says. */
export type ResponseKind =
	| { kind: 'ok' }
	| { kind: 'retry'; delayMs: number }
	| { kind: 'signed-out' }
	| { kind: 'other-account' }
	| { kind: 'set-aside' };

/** A server answer as the client classifies it; `status` 0 is a network error or timeout. */
export interface ServerAnswer {
	status: number;
	retryAfter: string | null;
	/** The parsed body, if any (a problem for an error). */
	body?: unknown;
}

/** The problem code of an error answer's body, if it has one. */
export function problemCode(body: unknown): string | undefined {
	const parsed = problem.safeParse(body);
	return parsed.success ? parsed.data.code : undefined;
}

/**
 * Classifies an HTTP answer. `attempt` counts the retries so far, for the backoff. A `409
 * account_mismatch` is `other-account`: the request was bound to an account that is not the
 * one signed in, and the client keeps what it sent until its own account signs in again.
 */
export function classifyResponse(
	answer: ServerAnswer,
	attempt: number,
	now: number,
	random: () => number = Math.random
): ResponseKind {
	const { status, retryAfter } = answer;
	if (status >= 200 && status < 300) return { kind: 'ok' };
	if (status === 401) return { kind: 'signed-out' };
	if (status === 409 && problemCode(answer.body) === ACCOUNT_MISMATCH) {
		return { kind: 'other-account' };
	}
	if (status === 429 || status === 503) {
		return {
			kind: 'retry',
			delayMs: retryAfterMs(retryAfter, now) ?? backoffDelay(attempt, random)
		};
	}
	if (status === 0 || status >= 500 || status === 408) {
		return {
			kind: 'retry',
			delayMs: retryAfterMs(retryAfter, now) ?? backoffDelay(attempt, random)
		};
	}
	return { kind: 'set-aside' };
}
