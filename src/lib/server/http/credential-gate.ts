import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE } from '$lib/protocol/problem';
import { bearerToken, SESSION_COOKIE } from '../auth/request-credentials';
import { InFlight, MAX_IN_FLIGHT_PER_USER } from '../limits/in-flight';
import { Refusals } from '../limits/refusals';
import { problemBody } from './problem';

/**
 * The header with which the app marks a `429` that stands until its Retry-After (a full rate
 * window); the gate takes it off the answer.
 */
export const REFUSAL_HOLDS_HEADER = 'x-outpost-refusal-holds';

const SESSION = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`);
/** Supabase mode's session cookie (`@supabase/ssr`), whole or its first chunk. */
const SUPABASE_SESSION = /(?:^|;\s*)sb-[^=;\s]+-auth-token(?:\.0)?=([^;]+)/;

/**
 * The credential a request presents (its bearer token, else its session cookie, else the
 * Supabase client's session cookie), or undefined.
 */
export function presentedCredential(headers: IncomingHttpHeaders): string | undefined {
	const bearer = bearerToken(headers.authorization);
	if (bearer) return bearer;
	return headers.cookie?.match(SESSION)?.[1] ?? headers.cookie?.match(SUPABASE_SESSION)?.[1];
}

/**
 * Stands in front of the framework for API requests that present a credential, and answers
 * `429` itself, without reading the body:
 * - to a credential's requests beyond `max` waiting for their answer to start;
 * - to a request of a credential and path that the app answered `429` marked as standing until
 *   its Retry-After (a full rate window, counted in the database), until that wait has ended.
 * A flood from one account (1,600 parallel 4 MB chats) then costs the process a few header
 * reads per request instead of the framework, a token check and a query each, so that other
 * users' requests are not queued behind it. The app's own limits still decide for the requests
 * let through.
 *
 * A request leaves the count when its answer starts (headers written), so that a stream held
 * open (live events, a reply being written) does not keep the account's other requests out.
 */
export class CredentialGate {
	readonly #inFlight: InFlight;
	readonly #refusals = new Refusals();

	constructor(readonly max = MAX_IN_FLIGHT_PER_USER) {
		this.#inFlight = new InFlight(max);
	}

	/** Lets `req` through (true), or answers it `429` and returns false. */
	admit(req: IncomingMessage, res: ServerResponse): boolean {
		const credential = presentedCredential(req.headers);
		if (credential === undefined) return true;
		const route = `${req.method ?? ''} ${(req.url ?? '').split('?')[0]} ${credential}`;
		const wait = this.#refusals.wait(route);
		if (wait !== undefined) {
			refuse(res, wait, 'Too many requests; try again later.');
			return false;
		}
		const leave = this.#inFlight.enter(credential);
		if (!leave) {
			refuse(res, 1, `At most ${this.max} requests of one account at a time.`);
			return false;
		}
		whenAnswered(res, (retryAfter) => {
			leave();
			if (retryAfter !== undefined) this.#refusals.refuse(route, retryAfter);
		});
		res.once('close', leave);
		return true;
	}

	/** Requests of `credential` counted now. */
	count(credential: string): number {
		return this.#inFlight.count(credential);
	}
}

/** Answers `429` with Retry-After and ends the connection, the body unread. */
function refuse(res: ServerResponse, retryAfterSeconds: number, detail: string): void {
	const body = JSON.stringify(problemBody({ status: 429, code: 'rate_limited', detail }));
	res.writeHead(429, {
		'content-type': PROBLEM_CONTENT_TYPE,
		'cache-control': 'no-store',
		'retry-after': String(retryAfterSeconds),
		'content-length': Buffer.byteLength(body),
		connection: 'close'
	});
	res.end(body);
	// Node would go on reading the body (and dropping it), up to 2 MB per socket and loop turn,
	// until the connection ends: it is closed as soon as the answer is with the kernel.
	const socket = res.socket;
	if (!socket) return;
	if (socket.writableLength === 0) socket.destroy();
	else res.once('finish', () => socket.destroy());
}

/**
 * Calls `answered` when `res` writes its headers: with the Retry-After seconds of a `429` that
 * the app marked as standing (the mark is taken off), else undefined.
 */
function whenAnswered(
	res: ServerResponse,
	answered: (standingRetryAfterSeconds: number | undefined) => void
): void {
	const writeHead = res.writeHead;
	res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
		res.writeHead = writeHead;
		const [status, ...rest] = args as [number, ...unknown[]];
		const headers = rest.find((arg) => typeof arg === 'object' && arg !== null) as
			Record<string, unknown> | undefined;
		const marked = headers?.[REFUSAL_HOLDS_HEADER] ?? res.getHeader(REFUSAL_HOLDS_HEADER);
		if (headers) delete headers[REFUSAL_HOLDS_HEADER];
		res.removeHeader(REFUSAL_HOLDS_HEADER);
		const retryAfter = headers?.['retry-after'] ?? res.getHeader('retry-after');
		answered(status === 429 && marked ? retryAfterSeconds(retryAfter) : undefined);
		return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
	} as typeof writeHead;
}

/** A Retry-After header's whole seconds (1 to an hour), or undefined. */
function retryAfterSeconds(value: unknown): number | undefined {
	const seconds = Number(Array.isArray(value) ? value[0] : value);
	return Number.isInteger(seconds) && seconds >= 1 && seconds <= 3600 ? seconds : undefined;
}
