import { closeSession } from '$lib/server/auth/accounts';
import { authenticate } from '$lib/server/auth/authenticate';
import { clearSessionCookie } from '$lib/server/auth/session-cookie';
import { endSessionStreams } from '$lib/server/events/session-streams';
import { apiHandler } from '$lib/server/http/api-handler';

export const POST = apiHandler(async ({ event, app }) => {
	const auth = await authenticate(app, event.request, event.cookies);
	if (auth) {
		await closeSession(app.db, auth.sessionId);
		// The database tells every instance; this one need not wait for it.
		app.sessions.forget(auth.sessionId);
		endSessionStreams(auth.sessionId);
	}
	clearSessionCookie(event);
	return new Response(null, { status: 204 });
});
