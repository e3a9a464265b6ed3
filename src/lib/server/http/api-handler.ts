import type { RequestEvent } from '@sveltejs/kit';
import { appContext, type AppContext } from '../app-context';
import { authenticate, type Authenticated } from '../auth/authenticate';
import { InFlight, MAX_IN_FLIGHT_PER_USER } from '../limits/in-flight';
import { BusyError } from './busy';
import { REFUSAL_HOLDS_HEADER } from './credential-gate';
import { problemResponse } from './problem';

const UNAVAILABLE_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ETIMEDOUT',
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED',
	'CONNECT_TIMEOUT',
	'57P01',
	'57P02',
	'57P03',
	'53300'
]);

/** Whether an error means the database cannot be reached right now (as opposed to a bug). */
export function isDatabaseUnavailable(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'));
}

/** The context a handler gets: the request event and the app. */
export interface ApiContext {
	event: RequestEvent;
	app: AppContext;
}

/**
 * Wraps an API handler so that every failure it does not answer itself becomes a problem:
 * `503` with Retry-After when the database is unreachable, else a `500` without details
 * (the error is logged, never sent).
 */
export function apiHandler(handler: (context: ApiContext) => Promise<Response>) {
	return async (event: RequestEvent): Promise<Response> => {
		try {
			return await handler({ event, app: await appContext() });
		} catch (error) {
			if (error instanceof BusyError) {
				return tooManyRequests(
					'The server is busy. Try again in a moment.',
					error.retryAfterSeconds,
					'busy'
				);
			}
			if (isDatabaseUnavailable(error)) {
				return problemResponse({
					status: 503,
					code: 'database_unavailable',
					detail: 'The database cannot be reached. Try again shortly.',
					headers: { 'retry-after': '5' }
				});
			}
			console.error('Unhandled error in', event.url.pathname, error);
			return problemResponse({
				status: 500,
				code: 'internal',
				detail: 'Something went wrong on the server.'
			});
		}
	};
}

const inFlight = new InFlight();

/**
 * Like apiHandler, for handlers that need a signed-in user: others get `401`, and a user with
 * too many requests in progress on this instance gets `429` before any work is done.
 */
export function authedHandler(
	handler: (context: ApiContext & { auth: Authenticated }) => Promise<Response>
) {
	return apiHandler(async (context) => {
		const auth = await authenticate(context.app, context.event.request, context.event.cookies);
		if (!auth) {
			return problemResponse({ status: 401, code: 'unauthenticated', detail: 'Sign in first.' });
		}
		const leave = inFlight.enter(auth.user.id);
		if (!leave) {
			return tooManyRequests(
				`At most ${MAX_IN_FLIGHT_PER_USER} requests of one account at a time.`,
				1
			);
		}
		try {
			return await handler({ ...context, auth });
		} finally {
			leave();
		}
	});
}

/**
 * A `429` problem with its Retry-After. `holds`: the refusal stands for the user until then
 * whatever else happens (a full rate window, not a busy moment), so that the credential gate
 * may answer the user's next requests of that path itself until then.
 */
export function tooManyRequests(
	detail: string,
	retryAfterSeconds: number,
	code = 'rate_limited',
	holds = false
) {
	return problemResponse({
		status: 429,
		code,
		detail,
		headers: {
			'retry-after': String(retryAfterSeconds),
			...(holds ? { [REFUSAL_HOLDS_HEADER]: '1' } : {})
		}
	});
}

/** A JSON response. */
export function jsonResponse(
	body: unknown,
	status = 200,
	headers: Record<string, string> = {}
): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }
	});
}
