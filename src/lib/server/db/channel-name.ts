/** What a notification channel's name may be: a lower-case SQL identifier. */
const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Throws when `channel` is not a lower-case SQL identifier. PGlite sends `LISTEN <channel>`
 * unquoted, which folds case, while postgres.js quotes it: only such names mean the same
 * channel on both, and only they are safe to put in the statement.
 */
export function checkChannelName(channel: string): void {
	if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${JSON.stringify(channel)}`);
}

/**
 * Calls a listener with one payload. A listener that throws loses that payload only: the
 * error must not reach the database client, whose connection is reading the notification.
 */
export function deliverPayload(onPayload: (payload: string) => void, payload: string): void {
	try {
		onPayload(payload);
	} catch (error) {
		console.error('A notification listener failed', error);
	}
}
