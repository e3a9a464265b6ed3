import { describe, expect, it } from 'vitest';
import { fetchUsage, type UsageTransport } from './usage-api';

const query = { from: '2026-01-01', to: '2026-01-02' };

function transport(
	answer: () => Promise<Response>,
	online = true
): UsageTransport & { urls: string[] } {
	const urls: string[] = [];
	return {
		urls,
		fetch: (input) => {
			urls.push(String(input));
			return answer();
		},
		online: () => online
	};
}

const json = (status: number, body: unknown, type = 'application/json') =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

describe('fetchUsage', () => {
	it('returns the days the server sent for the query', async () => {
		const days = [
			{ date: '2026-01-01', messagesSent: 1, messagesReceived: 1, inputTokens: 5, outputTokens: 9 }
		];
		const t = transport(async () => json(200, { days }));
		expect(await fetchUsage(query, t)).toEqual({ ok: true, days });
		expect(t.urls).toEqual(['/api/usage?from=2026-01-01&to=2026-01-02']);
	});

	it('calls a 401 signed out', async () => {
		const t = transport(async () =>
			json(401, { type: 'about:blank', title: 'Unauthorized', status: 401 })
		);
		expect(await fetchUsage(query, t)).toEqual({ ok: false, reason: 'signed-out' });
	});

	it('calls a failed request offline only when the browser is offline', async () => {
		const fail = async (): Promise<Response> => {
			throw new TypeError('Failed to fetch');
		};
		expect(await fetchUsage(query, transport(fail, false))).toEqual({
			ok: false,
			reason: 'offline'
		});
		expect(await fetchUsage(query, transport(fail, true))).toEqual({
			ok: false,
			reason: 'error',
			message: 'The server cannot be reached. It may be down or restarting.'
		});
	});

	it("gives the problem's code in words as the reason of any other failure", async () => {
		const t = transport(async () =>
			json(
				503,
				{
					type: 'about:blank',
					title: 'Service Unavailable',
					status: 503,
					code: 'database_unavailable',
					detail: 'The database cannot be reached. Try again shortly.'
				},
				'application/problem+json'
			)
		);
		expect(await fetchUsage(query, t)).toEqual({
			ok: false,
			reason: 'error',
			message:
				'The server is busy or briefly down. Your chats are safe on this device; try again in a moment.'
		});
	});

	it('refuses an answer of the wrong shape', async () => {
		const t = transport(async () => json(200, { days: 'none' }));
		expect(await fetchUsage(query, t)).toMatchObject({ ok: false, reason: 'error' });
	});
});
