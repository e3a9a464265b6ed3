import { usageResponse, type UsageDay, type UsageQuery } from '$lib/protocol/usage';
import { apiError } from '../api-error';
import { usageUrl } from './usage-range';

/** What asking the server for usage came to; every failure carries what the page should say. */
export type UsageResult =
	| { ok: true; days: UsageDay[] }
	| { ok: false; reason: 'signed-out' }
	| { ok: false; reason: 'offline' }
	| { ok: false; reason: 'error'; message: string };

/** What the page needs from the browser, passed in so that tests can stand in for it. */
export interface UsageTransport {
	fetch: typeof fetch;
	/** `navigator.onLine`: false only when the browser knows it has no network. */
	online: () => boolean;
}

const browserTransport: UsageTransport = {
	fetch: (...args) => fetch(...args),
	online: () => navigator.onLine
};

/**
 * Asks `GET /api/usage` for `query`. Never throws: a 401 is `signed-out`, no network is
 * `offline` (only when the browser says so: a server that does not answer is an error saying
 * that), any other failure an error with the server's reason.
 */
export async function fetchUsage(
	query: UsageQuery,
	transport: UsageTransport = browserTransport,
	signal?: AbortSignal
): Promise<UsageResult> {
	let response: Response;
	try {
		response = await transport.fetch(usageUrl(query), {
			cache: 'no-store',
			...(signal ? { signal } : {})
		});
	} catch {
		if (!transport.online()) return { ok: false, reason: 'offline' };
		return {
			ok: false,
			reason: 'error',
			message: 'The server cannot be reached. It may be down or restarting.'
		};
	}
	if (response.status === 401) {
		await response.body?.cancel();
		return { ok: false, reason: 'signed-out' };
	}
	if (!response.ok)
		return { ok: false, reason: 'error', message: (await apiError(response)).message };
	let body: unknown;
	try {
		body = await response.json();
	} catch {
		body = undefined;
	}
	const parsed = usageResponse.safeParse(body);
	return parsed.success
		? { ok: true, days: parsed.data.days }
		: {
				ok: false,
				reason: 'error',
				message: 'The server sent an answer Outpost does not understand.'
			};
}
