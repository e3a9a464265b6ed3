import { chromium } from '@playwright/test';
import { CHAOS_RATES, runChaos, startProxiedServer } from '../../tests/e2e/chaos-run';
import { chromiumLaunchOptions } from '../../tests/e2e/chromium';
import type { ScenarioResult } from './report';
import { scaled, type RunSettings } from './settings';

const TABS = 3;

/** Three tabs of one user send their messages through a fault proxy to a server on PostgreSQL. */
export async function chaosFamily(
	settings: RunSettings,
	postgresUrl: string,
	log: (line: string) => void
): Promise<ScenarioResult[]> {
	const messages = scaled(settings, 500, TABS * 3);
	const browser = await chromium.launch(chromiumLaunchOptions());
	const stage = await startProxiedServer({
		backend: 'postgres',
		postgresUrl,
		launcher: 'node-build',
		seed: 500
	});
	try {
		const outcome = await runChaos({
			browser,
			proxy: stage.proxy,
			serverUrl: stage.server.url,
			tabs: TABS,
			messages,
			rates: CHAOS_RATES,
			settleMs: 180_000,
			log
		});
		const f = outcome.faults;
		const localLost = outcome.local.reduce((n, l) => n + l.lost, 0);
		const inOrder = outcome.local.every((l) => l.inOrder);
		const rates = Object.entries(CHAOS_RATES)
			.map(([fault, rate]) => `${fault} ${Math.round((rate ?? 0) * 100)} %`)
			.join(', ');
		return [
			{
				family: 'chaos',
				scenario: `${messages} messages from ${TABS} tabs through the fault proxy (${rates} of API requests; PostgreSQL)`,
				target: `every tab “All synced”; 0 lost, 0 doubled; usage exactly ${messages}; each tab keeps all its messages in order`,
				seen:
					`stored once ${outcome.storedOnce} of ${outcome.sent}; lost ${outcome.lost}; doubled ${outcome.doubled}; ` +
					`usage counted ${outcome.usageSent}; tabs: ${localLost} lost locally, ${inOrder ? 'in order' : '**out of order**'}; ` +
					`${outcome.allSynced ? 'all synced' : '**not all synced**'} ${outcome.settleSeconds.toFixed(0)} s after the faults stopped; ` +
					`faults on ${f.requests} requests: ${f.dropRequest} dropped before, ${f.dropResponse} after the server answered, ${f.delay} delayed, ${f.unavailable} × 503; ` +
					`${outcome.failedReplies} replies failed; sending took ${outcome.sendSeconds.toFixed(0)} s`,
				met:
					outcome.allSynced &&
					outcome.lost === 0 &&
					outcome.doubled === 0 &&
					outcome.storedOnce === messages &&
					outcome.usageSent === messages &&
					localLost === 0 &&
					inOrder
			}
		];
	} finally {
		await stage.stop();
		await browser.close();
	}
}
