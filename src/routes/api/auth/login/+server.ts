import { credentials } from '$lib/protocol/auth';
import { findAccount } from '$lib/server/auth/accounts';
import { startSession } from '$lib/server/auth/session-cookie';
import { signInPausedAnswer, wrongCredentials } from '$lib/server/auth/sign-in-answers';
import { countFailedSignIn, signInPaused } from '$lib/server/auth/sign-in-limits';
import { apiHandler, jsonResponse } from '$lib/server/http/api-handler';
import { clientAddress } from '$lib/server/http/client-address';
import { readJsonBody } from '$lib/server/http/json-body';
import { problemResponse } from '$lib/server/http/problem';
import { accountsAreSupabases } from '$lib/server/supabase/sign-in-elsewhere';

export const POST = apiHandler(async ({ event, app }) => {
	if (app.supabase) return accountsAreSupabases(app.supabase.config);
	const body = await readJsonBody(event.request, credentials, 16 * 1024);
	if (!body.ok) return problemResponse(body.problem);
	const attempt = { email: body.value.email, address: clientAddress(event) };
	const limit = app.config.loginRateLimit;
	const wait = await signInPaused(app.db, attempt, limit);
	if (wait !== undefined) return signInPausedAnswer(wait);
	const user = await findAccount(app.db, body.value);
	if (!user) {
		await countFailedSignIn(app.db, attempt, limit);
		return wrongCredentials();
	}
	await startSession(app, event, user.id);
	return jsonResponse({ user });
});
