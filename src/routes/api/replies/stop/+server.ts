import { stopReplyRequest } from '$lib/protocol/replies';
import { authedHandler, jsonResponse } from '$lib/server/http/api-handler';
import { readJsonBody } from '$lib/server/http/json-body';
import { problemResponse } from '$lib/server/http/problem';
import { stopReply } from '$lib/server/replies/reply-store';

/**
 * Stops the reply to one of the user's messages: a reply being written stops at once, on
 * whichever server writes it, and keeps its text as a stopped reply; one not begun is written
 * as stopped. `404` when no reply to that message is queued or being written.
 */
export const POST = authedHandler(async ({ event, app, auth }) => {
	const body = await readJsonBody(event.request, stopReplyRequest, 1024);
	if (!body.ok) return problemResponse(body.problem);
	const stopped = await stopReply(app.db, auth.user.id, body.value.messageId);
	if (!stopped) {
		return problemResponse({
			status: 404,
			code: 'no_reply_running',
			detail: 'No reply to this message is being written.'
		});
	}
	return jsonResponse({ stopped: true });
});
