import type { ServerAnswer } from './response-kind';

/**
 * An HTTP response as the sync code classifies it: its status, `Retry-After` and JSON body
 * (null when there is none). A body cut off by the network throws, as `fetch` itself does.
 */
export async function readAnswer(response: Response): Promise<ServerAnswer & { body: unknown }> {
	let body: unknown = null;
	const text = await response.text();
	try {
		body = text === '' ? null : JSON.parse(text);
	} catch {
		body = null;
	}
	return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
}
