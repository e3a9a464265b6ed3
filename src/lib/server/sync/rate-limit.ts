/**
 * The SQLSTATE outpost_count_request raises over the limit, with the seconds as its detail: it
 * counts each sync request of a user in the current minute, in the database so that every
 * instance shares the count (outpost_push_lock and outpost_pull call it), and the statement's
 * transaction rolls back, the count with it.
 */
export const RATE_LIMITED_SQLSTATE = 'OR429';

/** The seconds to wait, when `error` is the database's rate limit error. */
function retryAfterOf(error: unknown): number | undefined {
	if (typeof error !== 'object' || error === null) return undefined;
	const { code, detail } = error as { code?: unknown; detail?: unknown };
	if (code !== RATE_LIMITED_SQLSTATE) return undefined;
	const seconds = Number(detail);
	return Number.isInteger(seconds) && seconds > 0 ? seconds : 60;
}

/** The outcome for a transaction the rate limit rolled back; any other error is rethrown. */
export function rateLimitedOutcome(error: unknown): {
	ok: false;
	code: 'rate_limited';
	retryAfterSeconds: number;
} {
	const retryAfterSeconds = retryAfterOf(error);
	if (retryAfterSeconds === undefined) throw error;
	return { ok: false, code: 'rate_limited', retryAfterSeconds };
}
