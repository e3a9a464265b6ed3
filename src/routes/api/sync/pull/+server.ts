import { pullQuery } from '$lib/protocol/pull';
import { decodeCursor, decodeRecentCursor } from '$lib/sync/cursor';
import { accountMismatch, queryAccountId } from '$lib/server/http/account-binding';
import { authedHandler, jsonResponse, tooManyRequests } from '$lib/server/http/api-handler';
import { issuesToErrors } from '$lib/server/http/json-body';
import { problemResponse } from '$lib/server/http/problem';
import { pulls } from '$lib/server/metrics';
import { pullChanges, pullRecent } from '$lib/server/sync/pull';

export const GET = authedHandler(async ({ event, app, auth }) => {
	const mismatch = accountMismatch(auth.user.id, queryAccountId(event.url.searchParams));
	if (mismatch) return problemResponse(mismatch);
	const query = pullQuery.safeParse(Object.fromEntries(event.url.searchParams));
	if (!query.success) {
		pulls.inc({ outcome: 'invalid' });
		return problemResponse({
			status: 400,
			code: 'invalid_query',
			detail: 'cursor must be a cursor from this server and limit a whole number from 1 to 1000.',
			errors: issuesToErrors(query.error.issues)
		});
	}
	const { cursor, limit, order } = query.data;
	const recent = cursor === undefined ? undefined : decodeRecentCursor(cursor);
	const after = cursor === undefined || recent ? undefined : decodeCursor(cursor);
	if (cursor !== undefined && after === undefined && recent === undefined) {
		pulls.inc({ outcome: 'invalid' });
		return problemResponse({
			status: 400,
			code: 'invalid_cursor',
			detail: 'The cursor is not one this server made.'
		});
	}
	const options = { rateLimit: app.config.syncRateLimit, signal: event.request.signal };
	const outcome =
		recent || (cursor === undefined && order === 'recent')
			? await pullRecent(app.db, auth.user.id, recent, limit, options)
			: await pullChanges(app.db, auth.user.id, after, limit, options);
	if (!outcome.ok && outcome.code === 'aborted') {
		pulls.inc({ outcome: 'aborted' });
		// Nobody is listening; the status only shows in the server's own logs.
		return new Response(null, { status: 499 });
	}
	if (!outcome.ok && outcome.code === 'cursor_ahead') {
		pulls.inc({ outcome: 'invalid' });
		return problemResponse({
			status: 400,
			code: 'invalid_cursor',
			detail: 'The cursor is ahead of this server: pull again without one.'
		});
	}
	if (!outcome.ok) {
		pulls.inc({ outcome: 'rate_limited' });
		return tooManyRequests(
			`Too many sync requests; at most ${app.config.syncRateLimit} a minute.`,
			outcome.retryAfterSeconds,
			'rate_limited',
			true
		);
	}
	pulls.inc({ outcome: 'ok' });
	return jsonResponse(outcome.response);
});
