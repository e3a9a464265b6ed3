import type { Cookies } from '@sveltejs/kit';
import type { Authenticated } from '../auth/authenticate';
import { ExpiringAnswers } from '../auth/shared-lookups';
import type { AccessTokenVerifier, SupabaseClaims } from './access-token';
import { accessTokenFromCookies } from './session-cookie';

// A token's signature is checked once while it is valid.
const checkedTokens = new ExpiringAnswers<SupabaseClaims>();

/**
 * The Supabase user a request is signed in as, their Supabase Auth session and the access token
 * that proved it, from an `Authorization: Bearer` header or the page's Supabase session cookie
 * (`cookieName`), or undefined. The token is the proof:
 * Supabase access tokens are short-lived, and a sign-out ends the session they refresh.
 */
export async function authenticateSupabase(
	verify: AccessTokenVerifier,
	cookieName: string,
	bearer: string | undefined,
	cookies: Cookies
): Promise<Authenticated | undefined> {
	const token = bearer ?? (await accessTokenFromCookies(cookieName, (name) => cookies.get(name)));
	if (!token) return undefined;
	let claims = checkedTokens.get(token);
	if (!claims) {
		claims = await verify(token);
		if (!claims) return undefined;
		checkedTokens.set(token, claims, claims.expiresAt);
	}
	return {
		user: { id: claims.userId, email: claims.email },
		sessionId: claims.sessionId,
		accessToken: token
	};
}
