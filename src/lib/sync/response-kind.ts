import { backoffDelay, retryAfterMs } from './backoff';

/** What the client does with a server answer, as the protocol's status table says. */
export type ResponseKind =
	| { kind: 'ok' }
	| { kind: 'retry'; delayMs: number }
	| { kind: 'signed-out' }
	| { kind: 'set-aside' };

/**
 * Classifies an HTTP answer (`status` 0 for a network error or timeout). `attempt` counts
 * the retries so far, for the backoff.
 */
export function classifyResponse(
	status: number,
	retryAfter: string | null,
	attempt: number,
	now: number,
	random: () => number = Math.random
): ResponseKind {
	if (status >= 200 && status < 300) return { kind: 'ok' };
	if (status === 401) return { kind: 'signed-out' };
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
