import { randomUUID } from 'node:crypto';
import { expect, type Browser } from '@playwright/test';
import type { Database } from '../../src/lib/server/db/database';
import { submitAuthForm } from '../../tests/e2e/account-helpers';
import { queuedPushBodies, send, waitForServiceWorker } from '../../tests/e2e/helpers';
import { appClients, serviceWorkerDevTools } from '../../tests/e2e/service-worker-tools';
import type { Account } from '../../tests/support/api-client';
import { STEP_TIMEOUT_MS } from '../device/page-probe';
import { epochNow, waitForStoredReply } from './stored-reply';

/** What a device with every tab closed, and a device offline, measured. */
export interface OfflineDeviceFigures {
	/** Back online with every tab closed → each message it had queued stored, in ms. */
	deliveryMs: number[];
	/** A new tab opened offline → its first contentful paint, in ms; the service worker cold. */
	offlineShellMs: number[];
	/** … → the message box shown (read after Playwright saw it: an upper bound), in ms. */
	offlineReadyMs: number[];
}

/**
 * A third device of `account` (a browser context of its own). For each of `deliveries`
 * rounds: offline, it sends a message (queued by the service worker), every tab closes, and
 * it comes back online; from that moment the database is polled until the message is stored,
 * delivered by the service worker alone (Chromium fires Background Sync by itself). Then,
 * offline, `shellLoads` times: the service worker is stopped (a cold start, as after the
 * browser dropped it), a new tab opens the app, and its first contentful paint is read from
 * the page's own paint timing; the first load is not measured.
 */
export async function offlineDeviceRounds(
	browser: Browser,
	baseUrl: string,
	account: Account,
	db: Database,
	rounds: { deliveries: number; shellLoads: number }
): Promise<OfflineDeviceFigures> {
	const context = await browser.newContext({
		baseURL: baseUrl,
		viewport: { width: 390, height: 844 }
	});
	try {
		const figures: OfflineDeviceFigures = {
			deliveryMs: [],
			offlineShellMs: [],
			offlineReadyMs: []
		};
		const first = await context.newPage();
		await first.goto('/');
		await submitAuthForm(first, account);
		await waitForServiceWorker(first);
		const [serviceWorker] = context.serviceWorkers();
		if (!serviceWorker) throw new Error('the app has no service worker');
		await first.close();

		for (let round = 0; round < rounds.deliveries; round++) {
			const page = await context.newPage();
			await page.goto('/');
			await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible({
				timeout: STEP_TIMEOUT_MS
			});
			await context.setOffline(true);
			const text = `Queued with every tab closed ${randomUUID()}`;
			await send(page, text);
			await expect
				.poll(async () => (await queuedPushBodies(page)).join('\n'), { timeout: STEP_TIMEOUT_MS })
				.toContain(text);
			await page.close();
			await expect.poll(() => appClients(serviceWorker)).toBe(0);
			const online = epochNow();
			await context.setOffline(false);
			const stored = await waitForStoredReply(db, account.user.id, text);
			figures.deliveryMs.push(stored.messageAt - online);
		}

		await context.setOffline(true);
		const devtools = await serviceWorkerDevTools(context, baseUrl);
		for (let load = 0; load <= rounds.shellLoads; load++) {
			await devtools.stopAll();
			const page = await context.newPage();
			await page.goto('/');
			const paint = await page.evaluate(
				() =>
					new Promise<number>((resolve) => {
						new PerformanceObserver((list, observer) => {
							const entry = list.getEntriesByName('first-contentful-paint')[0];
							if (!entry) return;
							observer.disconnect();
							resolve(entry.startTime);
						}).observe({ type: 'paint', buffered: true });
					})
			);
			await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible({
				timeout: STEP_TIMEOUT_MS
			});
			const ready = await page.evaluate(() => performance.now());
			await page.close();
			if (load === 0) continue;
			figures.offlineShellMs.push(paint);
			figures.offlineReadyMs.push(ready);
		}
		await devtools.close();
		return figures;
	} finally {
		await context.close();
	}
}
