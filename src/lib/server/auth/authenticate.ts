import type { Cookies } from '@sveltejs/kit';
import type { User } from '$lib/protocol/auth';
import type { AppContext } from '../app-context';
import { authenticateSupabase } from '../supabase/authenticate-supabase';
import { liveSession } from './accounts';
import { bearerToken, SESSION_COOKIE } from './request-credentials';
import { ExpiringAnswers } from './shared-lookups';
import { verifySessionToken, type SessionClaims } from './session-token';

/** The signed-in user of a request and their session. */
export interface Authenticated {
	user: User;
	sessionId: string;
	/** Supabase mode: the access token the request presented, whose session a sign-out revokes. */
	accessToken?: string;
}

// A token's signature is checked once while it is valid; its session's row is read once and
// then believed until the database says that the session ended (app.sessions).
const checkedTokens = new ExpiringAnswers<SessionClaims & { expiresAt: number }>();

/**
 * The user a request is signed in as, from the session cookie or an `Authorization: Bearer`
 * token, or undefined. Never from the body. In Supabase mode, the token is a Supabase access
 * token, from the header or the page's Supabase session cookie.
 */
export async function authenticate(
	app: AppContext,
	request: Request,
	cookies: Cookies
): Promise<Authenticated | undefined> {
	const bearer = bearerToken(request.headers.get('authorization'));
	if (app.supabase) {
		const { verify, cookieName } = app.supabase;
		return authenticateSupabase(verify, cookieName, bearer, cookies);
	}
	const token = bearer ?? cookies.get(SESSION_COOKIE);
	if (!token) return undefined;
	let claims = checkedTokens.get(token);
	if (!claims) {
		claims = await verifySessionToken(token, app.sessionSecret);
		if (!claims) return undefined;
		checkedTokens.set(token, claims, claims.expiresAt);
	}
	const { sessionId, userId } = claims;
	const user = await app.sessions.user(sessionId, userId, () =>
		liveSession(app.db, sessionId, userId)
	);
	return user ? { user, sessionId } : undefined;
}
