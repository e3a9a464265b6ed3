import { LIVE_EVENTS_PATH } from '$lib/protocol/live-events';
import { readAnswer } from '$lib/sync/read-answer';

/** An HTTP answer as the sync engine sees it; status 0 is a network failure. */
export interface TransportResponse {
	status: number;
	retryAfter: string | null;
	body: unknown;
}

/** How the sync engine reaches the server. */
export interface Transport {
	/** Sends a push body as it is (the body names the account it is bound to). */
	push(body: string): Promise<TransportResponse>;
	/**
	 * Pulls one page, bound to `accountId`: the server refuses it for any other account.
	 * Without a cursor, `recent` asks for the live state newest first (sessions, then messages).
	 */
	pull(
		cursor: string | undefined,
		limit: number,
		accountId: string,
		order?: 'recent'
	): Promise<TransportResponse>;
}

async function send(input: string, init: RequestInit): Promise<TransportResponse> {
	try {
		const response = await fetch(input, { ...init, credentials: 'same-origin', cache: 'no-store' });
		return await readAnswer(response);
	} catch {
		return { status: 0, retryAfter: null, body: null };
	}
}

/** The same-origin HTTP transport of the sync protocol. */
export function fetchTransport(origin: string): Transport {
	return {
		push: (body) =>
			send(`${origin}/api/sync/push`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body
			}),
		pull: (cursor, limit, accountId, order) => {
			const query = new URLSearchParams({ accountId, limit: String(limit) });
			if (cursor !== undefined) query.set('cursor', cursor);
			else if (order) query.set('order', order);
			return send(`${origin}/api/sync/pull?${query}`, { method: 'GET' });
		}
	};
}

/**
 * Opens the account's live events stream (`GET /api/sync/events`), bound to `accountId` as a
 * pull is. Rejects on a network failure.
 */
export function fetchEvents(
	origin: string,
	accountId: string,
	signal: AbortSignal
): Promise<Response> {
	const query = new URLSearchParams({ accountId });
	return fetch(`${origin}${LIVE_EVENTS_PATH}?${query}`, {
		headers: { accept: 'text/event-stream' },
		credentials: 'same-origin',
		cache: 'no-store',
		signal
	});
}
