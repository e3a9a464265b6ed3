import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { User } from '../../src/lib/protocol/auth';
import { problem, PROBLEM_CONTENT_TYPE, type Problem } from '../../src/lib/protocol/problem';
import type { PullResponse } from '../../src/lib/protocol/pull';
import type { VersionedRecord } from '../../src/lib/protocol/record';
import type { UsageDay } from '../../src/lib/protocol/usage';
import { standIn, SUPABASE_RUN } from './test-auth';

/** A signed-up account and its session, as a client of the HTTP API holds it. */
export interface Account {
	email: string;
	password: string;
	user: User;
	/** The session token: the cookie's value, also accepted as `Authorization: Bearer`. */
	token: string;
	/** `outpost_session=<token>`, for a `cookie` header. */
	cookie: string;
}

/** A new, unused email address. */
export const newEmail = () => `user-${randomBytes(6).toString('hex')}@example.com`;

/** The `name=value` pair of the session cookie in a response's Set-Cookie headers, if any. */
export function sessionCookie(
	response: Response
): { pair: string; token: string; attributes: string } | undefined {
	const line = response.headers.getSetCookie().find((c) => c.startsWith('outpost_session='));
	if (!line) return undefined;
	const [pair = '', ...attributes] = line.split(';');
	return { pair, token: pair.slice('outpost_session='.length), attributes: attributes.join(';') };
}

/** POSTs `body` as JSON (a string is sent as is). */
export function postJson(
	baseUrl: string,
	path: string,
	body: unknown,
	headers: Record<string, string> = {}
): Promise<Response> {
	return fetch(`${baseUrl}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
}

/**
 * Signs up a new account and returns it with its session; in the Supabase-mode run, at the
 * stand-in for Supabase Auth, as the page's supabase-js would.
 */
export async function signUp(
	baseUrl: string,
	email = newEmail(),
	password = 'correct horse battery'
): Promise<Account> {
	if (SUPABASE_RUN) {
		const { supabaseSignUp } = await import('./supabase/supabase-account');
		return supabaseSignUp(standIn(), email, password);
	}
	const response = await postJson(baseUrl, '/api/auth/signup', { email, password });
	const text = await response.text();
	if (response.status !== 201) throw new Error(`signup answered ${response.status}: ${text}`);
	const cookie = sessionCookie(response);
	if (!cookie) throw new Error('signup set no session cookie');
	const { user } = JSON.parse(text) as { user: User };
	return { email, password, user, token: cookie.token, cookie: cookie.pair };
}

/** POSTs a push body (an envelope, or raw text) as `account`. */
export function push(baseUrl: string, account: Account, body: unknown): Promise<Response> {
	return postJson(baseUrl, '/api/sync/push', body, { cookie: account.cookie });
}

/** GETs `path` as `account`. */
export function getAs(baseUrl: string, account: Account, path: string): Promise<Response> {
	return fetch(`${baseUrl}${path}`, { headers: { cookie: account.cookie } });
}

/** Pulls every page after `cursor` (the live state without one) and returns the records in order. */
export async function pullAll(
	baseUrl: string,
	account: Account,
	cursor?: string
): Promise<VersionedRecord[]> {
	const records: VersionedRecord[] = [];
	let next = cursor;
	for (;;) {
		const query = next === undefined ? '' : `?cursor=${encodeURIComponent(next)}`;
		const response = await getAs(baseUrl, account, `/api/sync/pull${query}`);
		const text = await response.text();
		if (response.status !== 200) throw new Error(`pull answered ${response.status}: ${text}`);
		const page = JSON.parse(text) as PullResponse;
		records.push(...(page.records as VersionedRecord[]));
		next = page.cursor;
		if (!page.hasMore) return records;
	}
}

/** The user's usage days for an inclusive range. */
export async function usage(
	baseUrl: string,
	account: Account,
	from: string,
	to: string
): Promise<UsageDay[]> {
	const response = await getAs(baseUrl, account, `/api/usage?from=${from}&to=${to}`);
	const text = await response.text();
	if (response.status !== 200) throw new Error(`usage answered ${response.status}: ${text}`);
	return (JSON.parse(text) as { days: UsageDay[] }).days;
}

/** What no response body may show: stack frames, source paths, SQL. */
const LEAKS: readonly RegExp[] = [
	/\n\s+at /,
	/\bat [\w.<>]+ \(/,
	/\.(?:ts|js|mjs|cjs|svelte):\d+/,
	/file:\/\//,
	/node_modules/,
	/\/(?:work|home|tmp|usr|root)\//,
	/\b(?:select|insert into|update \w+ set|delete from)\b/i,
	/\bsyntax error at\b|\bERROR:|\bSQLSTATE\b|\bduplicate key\b|\bviolates\b/i,
	/\b(?:TypeError|RangeError|ReferenceError|SyntaxError)\b/
];

/** The leak patterns a text matches (none for a clean body). */
export function leaksIn(text: string): string[] {
	return LEAKS.filter((pattern) => pattern.test(text)).map(String);
}

/**
 * Asserts that a response is an RFC 9457 problem with `status`: problem+json media type,
 * `type`, `title` and a matching `status`, and no internals in the body. Returns the problem.
 */
export async function expectProblem(response: Response, status: number): Promise<Problem> {
	const text = await response.text();
	expect({ status: response.status, body: text.slice(0, 500) }).toMatchObject({ status });
	expect(response.headers.get('content-type') ?? '').toMatch(
		new RegExp(`^${PROBLEM_CONTENT_TYPE.replace('+', '\\+')}\\b`)
	);
	expect(leaksIn(text)).toEqual([]);
	const parsed = problem.safeParse(JSON.parse(text));
	expect(parsed.success).toBe(true);
	const body = parsed.data as Problem;
	expect(body.status).toBe(status);
	expect(body.type.length).toBeGreaterThan(0);
	expect(body.title.length).toBeGreaterThan(0);
	return body;
}
