import { createChunks, stringToBase64URL } from '@supabase/ssr';
import type { Account } from '../api-client';
import { newEmail } from '../api-client';
import type { FakeSupabaseAuth } from './fake-auth';

/** The Supabase Auth session of a sign-up or sign-in, as GoTrue answers it. */
export interface SupabaseSession {
	access_token: string;
	refresh_token: string;
	expires_at: number;
	user: { id: string; email: string };
}

/** The session cookie the page's Supabase client (`@supabase/ssr`) would write for `session`. */
export function sessionCookieHeader(
	auth: Pick<FakeSupabaseAuth, 'url'>,
	session: SupabaseSession,
	chunkSize?: number
): string {
	const name = `sb-${new URL(auth.url).hostname.split('.')[0]}-auth-token`;
	const value = `base64-${stringToBase64URL(JSON.stringify(session))}`;
	return createChunks(name, value, chunkSize)
		.map((chunk) => `${chunk.name}=${chunk.value}`)
		.join('; ');
}

/** Calls the Supabase Auth API as supabase-js does. */
export async function authCall(
	auth: Pick<FakeSupabaseAuth, 'url' | 'anonKey'>,
	path: string,
	body: unknown
): Promise<Response> {
	return fetch(`${auth.url}/auth/v1${path}`, {
		method: 'POST',
		headers: { apikey: auth.anonKey, 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
}

/**
 * Signs up a new user at Supabase Auth and returns it as an Account of the HTTP API: `token`
 * is the access token (for `Authorization: Bearer`), `cookie` the Supabase session cookie.
 */
export async function supabaseSignUp(
	auth: Pick<FakeSupabaseAuth, 'url' | 'anonKey'>,
	email = newEmail(),
	password = 'correct horse battery'
): Promise<Account & { session: SupabaseSession }> {
	const response = await authCall(auth, '/signup', { email, password });
	if (response.status !== 200) {
		throw new Error(`Supabase sign-up answered ${response.status}: ${await response.text()}`);
	}
	const session = (await response.json()) as SupabaseSession;
	return {
		email,
		password,
		user: { id: session.user.id, email: session.user.email },
		token: session.access_token,
		cookie: sessionCookieHeader(auth, session),
		session
	};
}
