import { ProviderError } from '../chat/model-provider';

/** What a failed attempt means for the user and for the next one. */
export interface Failure {
	message: string;
	retryable: boolean;
	retryAfterMs?: number;
}

/** A readable reason for a failed reply, and whether trying again may help. */
export function whyFailed(error: unknown): Failure {
	if (error instanceof ProviderError) {
		return {
			message: error.message,
			retryable: error.retryable,
			...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {})
		};
	}
	console.error('writing a reply failed', error);
	return { message: 'The reply failed on the server.', retryable: true };
}

/** How long before attempt `attempts + 1`: the provider's Retry-After, or 2, 4, 8 … s, at most a minute. */
export function retryDelay(attempts: number, retryAfterMs?: number): number {
	const backoff = Math.min(60_000, 1_000 * 2 ** Math.max(1, attempts));
	return Math.min(5 * 60_000, Math.max(retryAfterMs ?? 0, backoff));
}
