import type { Cookies } from '@sveltejs/kit';
import type { User } from '$lib/protocol/auth';
import type { AppContext } from '../app-context';
import { sessionUser } from './accounts';
import { bearerToken, SESSION_COOKIE } from './request-credentials';
import { ExpiringAnswers, SharedLookups } from './shared-lookups';
import { verifySessionToken, type SessionClaims } from './session-token';

/** The signed-in user of a request and their session. */
export interface Authenticated {
	user: User;
	sessionId: string;
}

// A token's signature is checked once while it is valid; a session's row is read for every
// request, once for all the requests of that session that arrive while it is being read, so
// that a sign-out on any instance ends it at once.
const checkedTokens = new ExpiringAnswers<SessionClaims & { expiresAt: number }>();
const sessionLookups = new SharedLookups<User | undefined>();

/**
 * The user a request is signed in as, from the session cookie or an `Authorization: Bearer`
 * token, or undefined. Never from the body.
 */
export async function authenticate(
	app: AppContext,
	request: Request,
	cookies: Cookies
): Promise<Authenticated | undefined> {
	const bearer = bearerToken(request.headers.get('authorization'));
	const token = bearer ?? cookies.get(SESSION_COOKIE);
	if (!token) return undefined;
	let claims = checkedTokens.get(token);
	if (!claims) {
		claims = await verifySessionToken(token, app.sessionSecret);
		if (!claims) return undefined;
		checkedTokens.set(token, claims, claims.expiresAt);
	}
	const { sessionId, userId } = claims;
	const user = await sessionLookups.get(`${sessionId}:${userId}`, () =>
		sessionUser(app.db, sessionId, userId)
	);
	return user ? { user, sessionId } : undefined;
}
