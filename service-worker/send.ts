import { readAnswer } from '$lib/sync/read-answer';
import type { ServerAnswer } from '$lib/sync/response-kind';

/** A replay that takes longer than this is aborted and counts as a network failure. */
export const REPLAY_TIMEOUT_MS = 20_000;

/** Sends `request` once; status 0 when the network fails or the answer takes too long. */
export async function sendOnce(
	request: Request,
	timeoutMs = REPLAY_TIMEOUT_MS
): Promise<ServerAnswer> {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), timeoutMs);
	try {
		// The body is read before the timer stops: an answer that stalls midway times out too.
		return await readAnswer(await fetch(request, { signal: controller.signal }));
	} catch {
		return { status: 0, retryAfter: null, body: null };
	} finally {
		clearTimeout(timer);
	}
}
