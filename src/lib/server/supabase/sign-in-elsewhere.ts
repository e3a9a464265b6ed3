import type { Cookies } from '@sveltejs/kit';
import { problemResponse } from '../http/problem';
import { sessionCookieNames } from './session-cookie';
import type { SupabaseConfig } from './supabase-config';

/**
 * The answer of the app's own sign-up and sign-in in Supabase mode: accounts are Supabase
 * Auth's, and the page signs up and in there.
 */
export function accountsAreSupabases(config: SupabaseConfig): Response {
	return problemResponse({
		status: 404,
		code: 'supabase_auth',
		detail: `This server signs people in through Supabase Auth at ${config.url}: sign up and in there (supabase-js), then send the access token.`
	});
}

/**
 * Ends a Supabase Auth session on the server: its refresh token is revoked (`scope=local`,
 * this session only), so the page's Supabase client cannot renew the access token, which
 * lapses within the hour. True when Supabase ended it or the token was no longer good; false
 * when Supabase could not be reached or failed, so that the page tries again.
 */
export async function revokeSupabaseSession(
	config: SupabaseConfig,
	accessToken: string,
	timeoutMs = 10_000
): Promise<boolean> {
	try {
		const response = await fetch(`${config.url}/auth/v1/logout?scope=local`, {
			method: 'POST',
			headers: { apikey: config.anonKey, authorization: `Bearer ${accessToken}` },
			signal: AbortSignal.timeout(timeoutMs)
		});
		await response.body?.cancel();
		return (
			response.ok || response.status === 401 || response.status === 403 || response.status === 404
		);
	} catch {
		return false;
	}
}

/** Removes the page's Supabase session cookie and its chunks. */
export function clearSupabaseCookies(cookies: Cookies, cookieName: string, secure: boolean): void {
	const names = cookies.getAll().map((c) => c.name);
	for (const name of sessionCookieNames(cookieName, names)) {
		cookies.delete(name, { path: '/', secure, httpOnly: false });
	}
}
