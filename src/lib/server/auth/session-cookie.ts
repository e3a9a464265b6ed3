import type { RequestEvent } from '@sveltejs/kit';
import type { AppContext } from '../app-context';
import { openSession } from './accounts';
import { SESSION_COOKIE } from './authenticate';
import { SESSION_TTL_SECONDS, signSessionToken } from './session-token';

/** Opens a session for a user and sets its HttpOnly, SameSite=Lax cookie (Secure over https). */
export async function startSession(
	app: AppContext,
	event: RequestEvent,
	userId: string
): Promise<void> {
	const sessionId = await openSession(app.db, userId);
	const token = await signSessionToken({ userId, sessionId }, app.sessionSecret);
	event.cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		maxAge: SESSION_TTL_SECONDS
	});
}

/** Removes the session cookie. */
export function clearSessionCookie(event: RequestEvent): void {
	event.cookies.delete(SESSION_COOKIE, { path: '/', secure: event.url.protocol === 'https:' });
}
