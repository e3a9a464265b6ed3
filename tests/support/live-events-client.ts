import { sseParser, type ServerSentEvent } from '../../src/lib/client/sse';
import type { Account } from './api-client';

/** An open `GET /api/sync/events` stream, read in the background. */
export interface LiveEventsClient {
	readonly response: Response;
	/** The events read so far, in order. */
	readonly events: ServerSentEvent[];
	/** The raw text read so far (comments and `retry` included). */
	text(): string;
	/** Whether the server has ended the stream. */
	ended(): boolean;
	/** The events of one name, their data parsed. */
	data(name: string): unknown[];
	/** Disconnects, as a closed tab does. */
	close(): void;
}

/**
 * Opens the live events stream of `account` on the server at `baseUrl` (`query` appended to
 * the path as is) and reads it until it ends or `close` is called. A refused stream (not 200)
 * is returned with its body unread.
 */
export async function openLiveEvents(
	baseUrl: string,
	account: Pick<Account, 'cookie'>,
	query = ''
): Promise<LiveEventsClient> {
	const abort = new AbortController();
	const response = await fetch(`${baseUrl}/api/sync/events${query}`, {
		headers: { cookie: account.cookie, accept: 'text/event-stream' },
		signal: abort.signal
	});
	const events: ServerSentEvent[] = [];
	let raw = '';
	let ended = false;
	if (response.status === 200 && response.body) {
		const reader = response.body.getReader();
		const parse = sseParser();
		const decoder = new TextDecoder();
		void (async () => {
			try {
				for (;;) {
					const { done, value } = await reader.read();
					if (done) break;
					const text = decoder.decode(value, { stream: true });
					raw += text;
					events.push(...parse(text));
				}
			} catch {
				// Aborted by close(), or the connection was cut.
			} finally {
				ended = true;
			}
		})();
	}
	return {
		response,
		events,
		text: () => raw,
		ended: () => ended,
		data: (name) => events.filter((e) => e.event === name).map((e) => JSON.parse(e.data)),
		close: () => abort.abort()
	};
}
