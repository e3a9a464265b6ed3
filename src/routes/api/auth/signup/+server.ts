import { credentials } from '$lib/protocol/auth';
import { createAccount } from '$lib/server/auth/accounts';
import { startSession } from '$lib/server/auth/session-cookie';
import { apiHandler, jsonResponse } from '$lib/server/http/api-handler';
import { readJsonBody } from '$lib/server/http/json-body';
import { problemResponse } from '$lib/server/http/problem';

export const POST = apiHandler(async ({ event, app }) => {
	const body = await readJsonBody(event.request, credentials, 16 * 1024);
	if (!body.ok) return problemResponse(body.problem);
	const created = await createAccount(app.db, body.value);
	if (!created.ok) {
		return problemResponse({
			status: 409,
			code: 'email_taken',
			detail: 'An account with this email already exists.'
		});
	}
	await startSession(app, event, created.user.id);
	return jsonResponse({ user: created.user }, 201);
});
