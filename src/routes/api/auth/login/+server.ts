import { credentials } from '$lib/protocol/auth';
import { findAccount } from '$lib/server/auth/accounts';
import { startSession } from '$lib/server/auth/session-cookie';
import { apiHandler, jsonResponse } from '$lib/server/http/api-handler';
import { readJsonBody } from '$lib/server/http/json-body';
import { problemResponse } from '$lib/server/http/problem';

export const POST = apiHandler(async ({ event, app }) => {
	const body = await readJsonBody(event.request, credentials, 16 * 1024);
	if (!body.ok) return problemResponse(body.problem);
	const user = await findAccount(app.db, body.value);
	if (!user) {
		return problemResponse({
			status: 401,
			code: 'invalid_credentials',
			detail: 'Wrong email or password.'
		});
	}
	await startSession(app, event, user.id);
	return jsonResponse({ user });
});
