import { accountMismatch, queryAccountId } from '$lib/server/http/account-binding';
import { authedHandler, tooManyRequests } from '$lib/server/http/api-handler';
import { problemResponse } from '$lib/server/http/problem';
import { liveSession } from '$lib/server/auth/accounts';
import { MAX_STREAMS_PER_USER } from '$lib/server/events/event-hub';
import { instanceHub } from '$lib/server/events/instance-hub';
import { openEventStream } from '$lib/server/events/open-event-stream';
import { userCursor } from '$lib/server/events/user-cursor';

/**
 * The signed-in user's live events (server-sent events): `ready` with their newest cursor, then
 * `change` and `reply`. The in-flight count of `authedHandler` covers only the opening: it is
 * released once the response starts, so that open streams never keep the user's pushes and
 * pulls waiting; streams have their own cap.
 */
export const GET = authedHandler(async ({ event, app, auth }) => {
	const mismatch = accountMismatch(auth.user.id, queryAccountId(event.url.searchParams));
	if (mismatch) return problemResponse(mismatch);
	const userId = auth.user.id;
	const outcome = await openEventStream({
		hub: await instanceHub(app.db),
		userId,
		readCursor: () => userCursor(app.db, userId),
		signal: event.request.signal,
		sessionId: auth.sessionId,
		stillSignedIn: async () => (await liveSession(app.db, auth.sessionId, userId)) !== undefined
	});
	if (!outcome.ok) {
		return tooManyRequests(
			`At most ${MAX_STREAMS_PER_USER} live event streams of one account at a time on this server.`,
			5,
			'too_many_streams'
		);
	}
	return outcome.response;
});
