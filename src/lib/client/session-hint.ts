import { SIGNED_IN_COOKIE } from '$lib/protocol/auth';

/**
 * Whether this browser may hold a session: the server's readable companion cookie is there.
 * Without it, and with nobody signed in here before, the page need not ask the server (a
 * signed-out visit then makes no request that is bound to fail).
 */
export function mayHoldSession(cookies: string): boolean {
	return cookies.split(';').some((pair) => pair.trim().startsWith(`${SIGNED_IN_COOKIE}=`));
}
