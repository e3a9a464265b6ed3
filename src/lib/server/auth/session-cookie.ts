import type { RequestEvent } from '@sveltejs/kit';
import type { AppContext } from '../app-context';
import { openSession } from './accounts';
import { SIGNED_IN_COOKIE } from '$lib/protocol/auth';
import { SESSION_COOKIE } from './request-credentials';
import { SESSION_TTL_SECONDS, signSessionToken } from './session-token';

/**
 * Opens a session for a user and sets its HttpOnly, SameSite=Lax cookie (Secure over https),
 * with a readable companion cookie that says only that a session may be there: a page without
 * it does not ask `/api/auth/me` (and log a 401) on every visit of someone signed out.
 */
export async function startSession(
	app: AppContext,
	event: RequestEvent,
	userId: string
): Promise<void> {
	const sessionId = await openSession(app.db, userId);
	const token = await signSessionToken({ userId, sessionId }, app.sessionSecret);
	const options = {
		path: '/',
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		maxAge: SESSION_TTL_SECONDS
	} as const;
	event.cookies.set(SESSION_COOKIE, token, { ...options, httpOnly: true });
	event.cookies.set(SIGNED_IN_COOKIE, '1', { ...options, httpOnly: false });
}

/** Removes the session cookie and its companion. */
export function clearSessionCookie(event: RequestEvent): void {
	const secure = event.url.protocol === 'https:';
	event.cookies.delete(SESSION_COOKIE, { path: '/', secure });
	event.cookies.delete(SIGNED_IN_COOKIE, { path: '/', secure, httpOnly: false });
}
