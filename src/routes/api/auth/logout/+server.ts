import { closeSession } from '$lib/server/auth/accounts';
import { authenticate } from '$lib/server/auth/authenticate';
import { SESSION_ENDED_CHANNEL } from '$lib/server/auth/session-cache';
import { clearSessionCookie } from '$lib/server/auth/session-cookie';
import { endSessionStreams } from '$lib/server/events/session-streams';
import { apiHandler } from '$lib/server/http/api-handler';
import { problemResponse } from '$lib/server/http/problem';
import {
	clearSupabaseCookies,
	revokeSupabaseSession
} from '$lib/server/supabase/sign-in-elsewhere';

export const POST = apiHandler(async ({ event, app }) => {
	const auth = await authenticate(app, event.request, event.cookies);
	if (app.supabase) {
		const { config, cookieName } = app.supabase;
		if (auth?.accessToken && !(await revokeSupabaseSession(config, auth.accessToken))) {
			return problemResponse({
				status: 503,
				code: 'supabase_unavailable',
				detail: 'Supabase Auth could not be reached to end the session. Try again.',
				headers: { 'retry-after': '5' }
			});
		}
		if (auth) {
			endSessionStreams(auth.sessionId);
			// Every instance ends the session's live streams too, as a local sign-out tells them.
			await app.db.query('select pg_notify($1, $2)', [SESSION_ENDED_CHANNEL, auth.sessionId]);
		}
		clearSupabaseCookies(event.cookies, cookieName, event.url.protocol === 'https:');
		return new Response(null, { status: 204 });
	}
	if (auth) {
		await closeSession(app.db, auth.sessionId);
		// The database tells every instance; this one need not wait for it.
		app.sessions.forget(auth.sessionId);
		endSessionStreams(auth.sessionId);
	}
	clearSessionCookie(event);
	return new Response(null, { status: 204 });
});
