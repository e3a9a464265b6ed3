import type { Browser, Page } from '@playwright/test';
import { PAGE_PROBES, pageTimeOrigin } from './page-probe';
import type { SeededHistory } from './seeded-history';
import { SyncRequestLog } from './sync-requests';

/** A new device of a seeded account: a fresh browser context with the probes installed. */
export interface Device {
	page: Page;
	requests: SyncRequestLog;
	history: SeededHistory;
	/** The text of the conversation's newest message. */
	newest: string;
	/** Page clock to epoch: add it to a page time to compare it with a network timing. */
	timeOrigin: number;
	close(): Promise<void>;
}

/**
 * Opens the app on a new device (no storage, no service worker yet) at a laptop's window size.
 * Call `close` when done.
 */
export async function openDevice(
	browser: Browser,
	baseUrl: string,
	history: SeededHistory,
	newest: string
): Promise<Device> {
	const context = await browser.newContext({
		baseURL: baseUrl,
		viewport: { width: 1280, height: 800 }
	});
	try {
		await context.addInitScript({ path: PAGE_PROBES });
		const requests = new SyncRequestLog(context);
		const page = await context.newPage();
		await page.goto('/');
		return {
			page,
			requests,
			history,
			newest,
			timeOrigin: await pageTimeOrigin(page),
			close: () => context.close()
		};
	} catch (error) {
		await context.close();
		throw error;
	}
}
