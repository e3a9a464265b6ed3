import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type Account } from '../support/api-client';
import { seedLongMessages } from '../support/long-messages';
import { metricSamples } from '../support/metrics-text';
import { startServer, type ServerProcess } from '../support/server-process';

const METRICS_TOKEN = 'pull-client-gone-metrics';

/** The server's counts of pulls worked on (`ok`) and of pulls skipped as their client left. */
async function pullsEnded(baseUrl: string): Promise<{ worked: number; skipped: number }> {
	const response = await fetch(`${baseUrl}/metrics`, {
		headers: { authorization: `Bearer ${METRICS_TOKEN}` }
	});
	const samples = metricSamples(await response.text());
	const count = (outcome: string) =>
		samples.get(`outpost_sync_pulls_total{outcome="${outcome}"}`) ?? 0;
	return { worked: count('ok'), skipped: count('aborted') };
}

/** The counts once they have stopped changing: every pull the server read has ended. */
async function settledPulls(baseUrl: string) {
	let last = await pullsEnded(baseUrl);
	for (let i = 0; i < 100; i++) {
		await new Promise((resolve) => setTimeout(resolve, 100));
		const now = await pullsEnded(baseUrl);
		if (now.worked === last.worked && now.skipped === last.skipped) return now;
		last = now;
	}
	return last;
}

// PGlite runs each statement on the server's own thread. Pulls sent at once and left after
// 50 ms wait for the database one behind the other; unless the server sees their clients gone
// when their turn comes, it works through every one (issue 8: the server then answered nothing
// else for seconds).
describe('pulls whose client left while they waited for PGlite', () => {
	let server: ServerProcess;
	let account: Account;
	beforeAll(async () => {
		server = await startServer({ env: { METRICS_TOKEN } });
		account = await signUp(server.url);
		// 12 messages of 100,000 characters: a pull's page is then about 1 MB, read at length.
		await seedLongMessages(server.url, account, 12);
	});
	afterAll(() => server?.stop());

	it('are skipped, but for the first few', async () => {
		await Promise.all(
			Array.from({ length: 60 }, async () => {
				try {
					const response = await fetch(`${server.url}/api/sync/pull?limit=1000`, {
						headers: { authorization: `Bearer ${account.token}` },
						signal: AbortSignal.timeout(50)
					});
					await response.arrayBuffer();
				} catch {
					// Left, as meant.
				}
			})
		);
		const { worked, skipped } = await settledPulls(server.url);
		// Pulls reached the server (others were refused at its per-account cap, or never sent)
		// and waited there; it worked on a few only.
		expect(skipped).toBeGreaterThan(0);
		expect(worked).toBeLessThanOrEqual(5);
	});
});
