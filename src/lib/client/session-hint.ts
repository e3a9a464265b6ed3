import { SIGNED_IN_COOKIE } from '$lib/protocol/auth';

/** A session cookie of the page's Supabase client (`sb-<ref>-auth-token`, or a chunk of it). */
const SUPABASE_SESSION = /^sb-[^=]+-auth-token(\.\d+)?=/;

/**
 * Whether this browser may hold a session: the server's readable companion cookie is there,
 * or, in Supabase mode, the Supabase client's session cookie.
 * Without it, and with nobody signed in here before, the page need not ask the server (a
 * signed-out visit then makes no request that is bound to fail).
 */
export function mayHoldSession(cookies: string): boolean {
	return cookies.split(';').some((pair) => {
		const trimmed = pair.trim();
		return trimmed.startsWith(`${SIGNED_IN_COOKIE}=`) || SUPABASE_SESSION.test(trimmed);
	});
}
