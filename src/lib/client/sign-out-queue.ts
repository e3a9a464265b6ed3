/** The localStorage key of a sign-out the server has not confirmed yet. */
export const PENDING_SIGN_OUT = 'outpost.pendingSignOut';

/** What sending the sign-out came to: the HTTP status, 0 when the server was not reached. */
export type SendSignOut = () => Promise<number>;

/** What the queue uses of the page's storage. */
export type QueueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const storageOrNull = (): QueueStorage | null => globalThis.localStorage ?? null;

/**
 * Remembers that this browser signed out and the server must still end the session. Kept in
 * the page's storage, so that a reload (even offline) sends it before anything else and never
 * signs back in with the old cookie.
 */
export function queueSignOut(storage: QueueStorage | null = storageOrNull()): void {
	storage?.setItem(PENDING_SIGN_OUT, new Date().toISOString());
}

/** Whether a sign-out still waits for the server. */
export function signOutPending(storage: QueueStorage | null = storageOrNull()): boolean {
	return storage?.getItem(PENDING_SIGN_OUT) != null;
}

/** Forgets the queued sign-out (the server confirmed it, or the cookie it was for is gone). */
export function forgetSignOut(storage: QueueStorage | null = storageOrNull()): void {
	storage?.removeItem(PENDING_SIGN_OUT);
}

/**
 * Sends the queued sign-out, if any. Resolves with the status of the attempt (`204` when the
 * server ended the session, or when nothing was queued); only a 2xx answer takes it off the
 * queue, so that a network failure or a server error leaves it for the next try.
 */
export async function flushSignOut(
	send: SendSignOut,
	storage: QueueStorage | null = storageOrNull()
): Promise<number> {
	if (!signOutPending(storage)) return 204;
	const status = await send();
	if (status >= 200 && status < 300) forgetSignOut(storage);
	return status;
}
