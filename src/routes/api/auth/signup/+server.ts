import { newCredentials } from '$lib/protocol/auth';
import { signUpOrIn } from '$lib/server/auth/accounts';
import { startSession } from '$lib/server/auth/session-cookie';
import { signInPausedAnswer, wrongCredentials } from '$lib/server/auth/sign-in-answers';
import {
	countFailedSignIn,
	signInPaused,
	takeSignUp,
	waitInWords
} from '$lib/server/auth/sign-in-limits';
import { apiHandler, jsonResponse, tooManyRequests } from '$lib/server/http/api-handler';
import { clientAddress } from '$lib/server/http/client-address';
import { readJsonBody } from '$lib/server/http/json-body';
import { problemResponse } from '$lib/server/http/problem';
import { accountsAreSupabases } from '$lib/server/supabase/sign-in-elsewhere';

/**
 * Creates an account and signs in. An email that already has an account is answered as a
 * sign-in with these credentials (200 with the password, the sign-in's 401 without it), under
 * the sign-in limits, so that sign-up is no way around them.
 */
export const POST = apiHandler(async ({ event, app }) => {
	if (app.supabase) return accountsAreSupabases(app.supabase.config);
	const body = await readJsonBody(event.request, newCredentials, 16 * 1024);
	if (!body.ok) {
		const password = body.problem.errors?.find((e) => e.path === '/password');
		return problemResponse(
			password
				? { ...body.problem, detail: `Choose another password: it ${password.message}.` }
				: body.problem
		);
	}
	const attempt = { email: body.value.email, address: clientAddress(event) };
	const signUpWait = await takeSignUp(app.db, attempt.address, app.config.signupRateLimit);
	if (signUpWait !== undefined) {
		return tooManyRequests(
			`Too many sign-ups from this network. Try again in ${waitInWords(signUpWait)}.`,
			signUpWait
		);
	}
	const limit = app.config.loginRateLimit;
	const signInWait = await signInPaused(app.db, attempt, limit);
	if (signInWait !== undefined) return signInPausedAnswer(signInWait);
	const outcome = await signUpOrIn(app.db, body.value);
	if (outcome.kind === 'wrong_password') {
		await countFailedSignIn(app.db, attempt, limit);
		return wrongCredentials();
	}
	await startSession(app, event, outcome.user.id);
	return jsonResponse({ user: outcome.user }, outcome.kind === 'created' ? 201 : 200);
});
