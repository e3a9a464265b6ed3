import { userResponse, type User } from '$lib/protocol/auth';
import { apiError, type ApiError } from './api-error';
import { authMode } from './auth-mode';
import { problemWords } from './problem-words';
import { supabaseSignIn, supabaseSignUp, type SupabaseOutcome } from './supabase-auth';

/** The outcome of an account call. */
export type AuthResult = { ok: true; user: User } | { ok: false; error: ApiError };

async function post(path: string, body: unknown): Promise<AuthResult> {
	let response: Response;
	try {
		response = await fetch(path, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
	} catch {
		return { ok: false, error: { status: 0, message: problemWords({ status: 0 }).text } };
	}
	if (!response.ok) return { ok: false, error: await apiError(response) };
	const parsed = userResponse.safeParse(await response.json());
	return parsed.success
		? { ok: true, user: parsed.data.user }
		: {
				ok: false,
				error: {
					status: response.status,
					message: 'The server sent an answer Outpost does not understand. Reload and try again.'
				}
			};
}

/** After a sign-in with Supabase: the user the server now sees (it reads Supabase's cookie). */
async function seenByServer(outcome: SupabaseOutcome): Promise<AuthResult> {
	if (!outcome.ok) return outcome;
	const user = await currentUser();
	if (user) return { ok: true, user };
	const status = user === null ? 401 : 0;
	const message =
		user === null
			? 'The server did not accept the Supabase sign-in. Reload and try again.'
			: problemWords({ status: 0 }).text;
	return { ok: false, error: { status, message } };
}

/** Creates an account and signs in (with Supabase Auth in Supabase mode). */
export async function signUp(email: string, password: string): Promise<AuthResult> {
	const mode = await authMode();
	if (mode.mode === 'supabase') return seenByServer(await supabaseSignUp(mode, email, password));
	return post('/api/auth/signup', { email, password });
}

/** Signs in (with Supabase Auth in Supabase mode). */
export async function signIn(email: string, password: string): Promise<AuthResult> {
	const mode = await authMode();
	if (mode.mode === 'supabase') return seenByServer(await supabaseSignIn(mode, email, password));
	return post('/api/auth/login', { email, password });
}

/**
 * Asks the server to end the session of this browser's cookie. Resolves with the HTTP status,
 * or 0 when the server could not be reached within `timeoutMs`.
 */
export async function endServerSession(timeoutMs = 10_000): Promise<number> {
	try {
		const response = await fetch('/api/auth/logout', {
			method: 'POST',
			cache: 'no-store',
			signal: AbortSignal.timeout(timeoutMs)
		});
		await response.body?.cancel();
		return response.status;
	} catch {
		return 0;
	}
}

/**
 * Who the server says is signed in: a user, `null` when nobody is, or `undefined` when the
 * server cannot be reached (offline).
 */
export async function currentUser(): Promise<User | null | undefined> {
	try {
		const response = await fetch('/api/auth/me', { cache: 'no-store' });
		if (response.status === 401) return null;
		if (!response.ok) return undefined;
		const parsed = userResponse.safeParse(await response.json());
		return parsed.success ? parsed.data.user : undefined;
	} catch {
		return undefined;
	}
}
