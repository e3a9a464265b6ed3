import { retryAfterMs } from '$lib/sync/backoff';
import { classifyResponse, type ServerAnswer } from '$lib/sync/response-kind';

/** What the push queue does with a replayed batch, from the server's answer. */
export type ReplayStep =
	/** 2xx: the server applied it (or had already): it leaves the queue. */
	| { next: 'delivered' }
	/**
	 * A network error, a timeout, 408, 429 or 5xx: it stays first in line until `delayMs` has
	 * passed; `serverAsked` when the delay is the server's `Retry-After`, not the backoff.
	 */
	| { next: 'retry'; delayMs: number; serverAsked: boolean }
	/** 400, 409, 413, 415 and other 4xx: sending it again changes nothing, so it is set aside. */
	| { next: 'set-aside' }
	/** 401: it stays, and the queue waits until a page says someone signed in. */
	| { next: 'wait-sign-in' };

/**
 * Classifies the answer to a replay, as the page's sync engine classifies its own pushes
 * (`classifyResponse`): `Retry-After` wins over the backoff (full jitter, base 1 s, cap
 * 5 min) after `attempt` earlier failures. A `409 account_mismatch` is set aside here: the
 * page keeps the batch in its outbox until its own account signs in again.
 */
export function replayStep(
	answer: ServerAnswer,
	attempt: number,
	now: number,
	random: () => number = Math.random
): ReplayStep {
	const kind = classifyResponse(answer, attempt, now, random);
	switch (kind.kind) {
		case 'ok':
			return { next: 'delivered' };
		case 'retry':
			return {
				next: 'retry',
				delayMs: kind.delayMs,
				serverAsked: retryAfterMs(answer.retryAfter, now) !== undefined
			};
		case 'signed-out':
			return { next: 'wait-sign-in' };
		case 'other-account':
		case 'set-aside':
			return { next: 'set-aside' };
	}
}
