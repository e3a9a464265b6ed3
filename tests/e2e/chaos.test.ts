import { expect, test } from '@playwright/test';
import { CHAOS_RATES, runChaos, startProxiedServer } from './chaos-run';

test('30 messages from two tabs through a faulty network are stored once each, counted once and kept in order', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const { server, proxy, stop } = await startProxiedServer({ backend: 'pglite', seed: 30 });
	try {
		const outcome = await runChaos({
			browser,
			proxy,
			serverUrl: server.url,
			tabs: 2,
			messages: 30,
			rates: CHAOS_RATES,
			settleMs: 40_000
		});
		expect(outcome.faults.requests).toBeGreaterThan(0);
		expect({
			allSynced: outcome.allSynced,
			lost: outcome.lost,
			doubled: outcome.doubled,
			storedOnce: outcome.storedOnce,
			usageSent: outcome.usageSent,
			local: outcome.local
		}).toEqual({
			allSynced: true,
			lost: 0,
			doubled: 0,
			storedOnce: 30,
			usageSent: 30,
			local: [
				{ lost: 0, inOrder: true },
				{ lost: 0, inOrder: true }
			]
		});
	} finally {
		await stop();
	}
});
