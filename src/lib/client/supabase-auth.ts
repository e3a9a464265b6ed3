import type { SupabaseClient } from '@supabase/supabase-js';
import type { ApiError } from './api-error';
import { problemWords } from './problem-words';

/** Supabase mode's settings, as `GET /api/auth/config` gives them. */
export interface SupabaseProject {
	url: string;
	anonKey: string;
}

/** The outcome of a Supabase Auth call: done, or why not in words for people. */
export type SupabaseOutcome = { ok: true } | { ok: false; error: ApiError };

let client: Promise<SupabaseClient> | undefined;
const renewedListeners = new Set<() => void>();

/**
 * The page's Supabase client (`@supabase/ssr`), loaded on first use: it keeps the session in
 * cookies the server reads, renews the access token while a page is open, and finishes a
 * sign-in link's return (`?code=`, PKCE) as it starts.
 */
export function supabaseClient(project: SupabaseProject): Promise<SupabaseClient> {
	client ??= import('@supabase/ssr').then(({ createBrowserClient }) => {
		const created = createBrowserClient(project.url, project.anonKey, {
			auth: { flowType: 'pkce', detectSessionInUrl: true, autoRefreshToken: true }
		});
		created.auth.onAuthStateChange((event) => {
			if (event === 'TOKEN_REFRESHED' || event === 'SIGNED_IN') {
				for (const listener of renewedListeners) listener();
			}
		});
		return created;
	});
	return client;
}

/** Calls `listener` whenever Supabase gives the page a new access token. */
export function onSupabaseRenewed(listener: () => void): void {
	renewedListeners.add(listener);
}

/** An error of supabase-js (or the network under it) as the UI shows it. */
function failed(error: { status?: number; message?: string } | unknown): SupabaseOutcome {
	const status =
		error && typeof error === 'object' && 'status' in error && typeof error.status === 'number'
			? error.status
			: 0;
	const said =
		error && typeof error === 'object' && 'message' in error && typeof error.message === 'string'
			? error.message
			: '';
	const message =
		status === 0 || status >= 500 || !said
			? problemWords({ status }).text
			: said.endsWith('.')
				? said
				: `${said}.`;
	return { ok: false, error: { status, message } };
}

/**
 * Runs one Supabase Auth call of the page's client: its error, or a failure to reach Supabase
 * at all, comes back in words; `settled` says what a call without an error came to.
 */
async function authCall<T extends { error: unknown }>(
	project: SupabaseProject,
	call: (auth: SupabaseClient['auth']) => Promise<T>,
	settled: (answer: T) => SupabaseOutcome = () => ({ ok: true })
): Promise<SupabaseOutcome> {
	try {
		const answer = await call((await supabaseClient(project)).auth);
		return answer.error ? failed(answer.error) : settled(answer);
	} catch (error) {
		return failed(error);
	}
}

/** Signs up with email and password; a project that confirms emails first says so. */
export const supabaseSignUp = (project: SupabaseProject, email: string, password: string) =>
	authCall(
		project,
		(auth) => auth.signUp({ email, password }),
		({ data }): SupabaseOutcome =>
			data.session
				? { ok: true }
				: {
						ok: false,
						error: {
							status: 202,
							message: `Check ${email} for a link to confirm it, then sign in.`
						}
					}
	);

/** Signs in with email and password. */
export const supabaseSignIn = (project: SupabaseProject, email: string, password: string) =>
	authCall(project, (auth) => auth.signInWithPassword({ email, password }));

/** Emails a sign-in link that comes back to this page. */
export const supabaseSendLink = (project: SupabaseProject, email: string) =>
	authCall(project, (auth) =>
		auth.signInWithOtp({ email, options: { emailRedirectTo: `${location.origin}/` } })
	);

/**
 * Whether this page was opened from a sign-in link (`?code=`, or a `#access_token=` of the
 * implicit flow): then the Supabase client must finish the sign-in before anyone asks the
 * server who is signed in.
 */
export function returnedFromLink(href: string): boolean {
	const url = new URL(href);
	return url.searchParams.has('code') || url.hash.includes('access_token=');
}

/** Finishes a sign-in link's return and takes its traces out of the address bar. */
export async function finishLinkSignIn(project: SupabaseProject): Promise<void> {
	try {
		await (await supabaseClient(project)).auth.getSession();
	} finally {
		history.replaceState(history.state, '', '/');
	}
}
