import { pullQuery } from '$lib/protocol/pull';
import { decodeCursor } from '$lib/sync/cursor';
import { authedHandler, jsonResponse } from '$lib/server/http/api-handler';
import { issuesToErrors } from '$lib/server/http/json-body';
import { problemResponse } from '$lib/server/http/problem';
import { pullChanges } from '$lib/server/sync/pull';

export const GET = authedHandler(async ({ event, app, auth }) => {
	const query = pullQuery.safeParse(Object.fromEntries(event.url.searchParams));
	if (!query.success) {
		return problemResponse({
			status: 400,
			code: 'invalid_query',
			detail: 'cursor must be a cursor from this server and limit a whole number from 1 to 1000.',
			errors: issuesToErrors(query.error.issues)
		});
	}
	const { cursor, limit } = query.data;
	const after = cursor === undefined ? undefined : decodeCursor(cursor);
	if (cursor !== undefined && after === undefined) {
		return problemResponse({
			status: 400,
			code: 'invalid_cursor',
			detail: 'The cursor is not one this server made.'
		});
	}
	return jsonResponse(await pullChanges(app.db, auth.user.id, after, limit));
});
