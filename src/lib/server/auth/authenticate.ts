import type { Cookies } from '@sveltejs/kit';
import type { User } from '$lib/protocol/auth';
import type { AppContext } from '../app-context';
import { sessionUser } from './accounts';
import { verifySessionToken } from './session-token';

/** The name of the session cookie. */
export const SESSION_COOKIE = 'outpost_session';

/** The signed-in user of a request and their session. */
export interface Authenticated {
	user: User;
	sessionId: string;
}

/**
 * The user a request is signed in as, from the session cookie or an `Authorization: Bearer`
 * token, or undefined. Never from the body.
 */
export async function authenticate(
	app: AppContext,
	request: Request,
	cookies: Cookies
): Promise<Authenticated | undefined> {
	const bearer = request.headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
	const token = bearer ?? cookies.get(SESSION_COOKIE);
	if (!token) return undefined;
	const claims = await verifySessionToken(token, app.sessionSecret);
	if (!claims) return undefined;
	const user = await sessionUser(app.db, claims.sessionId, claims.userId);
	return user ? { user, sessionId: claims.sessionId } : undefined;
}
