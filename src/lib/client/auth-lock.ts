/** The Web Locks name every tab takes to change the session cookie. */
export const AUTH_LOCK = 'outpost.auth';

/**
 * Runs `work` while no other tab of this origin changes the session: a queued sign-out's
 * answer (which clears the cookie) must not land after another tab's sign-in (which sets a
 * new one). Without Web Locks it just runs.
 */
export async function withAuthLock<T>(work: () => Promise<T>): Promise<T> {
	const locks = globalThis.navigator?.locks;
	if (!locks) return work();
	return locks.request(AUTH_LOCK, work);
}
