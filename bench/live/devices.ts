import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { submitAuthForm } from '../../tests/e2e/account-helpers';
import { send, waitForServiceWorker } from '../../tests/e2e/helpers';
import type { Account } from '../../tests/support/api-client';
import { PAGE_PROBES, pageTimeOrigin, STEP_TIMEOUT_MS } from '../device/page-probe';
import { SyncRequestLog } from '../device/sync-requests';
import { PullLog } from './pull-log';

/** One device of the account: a browser context of its own, signed in, with the chat open. */
export interface LiveDevice {
	context: BrowserContext;
	page: Page;
	/** Its pushes and pulls on the wire. */
	requests: SyncRequestLog;
	/** Its pulls with their answers. */
	pulls: PullLog;
	/** Page clock to epoch: add it to a page time to compare it with another page's. */
	timeOrigin: number;
}

/** The first message of the chat both devices have open (also its title). */
export const OPENING = 'Live on every device';

/** How long a device that signs in may take to open the newest chat by itself. */
const OPEN_GRACE_MS = 2_000;

/** Opens the app in a new context with the probes installed and signs in as `account`. */
async function signedIn(browser: Browser, baseUrl: string, account: Account): Promise<LiveDevice> {
	const context = await browser.newContext({
		baseURL: baseUrl,
		viewport: { width: 1280, height: 800 }
	});
	try {
		await context.addInitScript({ path: PAGE_PROBES });
		const requests = new SyncRequestLog(context);
		const pulls = new PullLog(context);
		const page = await context.newPage();
		await page.goto('/');
		await submitAuthForm(page, account);
		await waitForServiceWorker(page);
		return { context, page, requests, pulls, timeOrigin: await pageTimeOrigin(page) };
	} catch (error) {
		await context.close();
		throw error;
	}
}

const messages = (page: Page) => page.getByRole('list', { name: 'Messages' });

/**
 * Two devices of `account`, each a fresh context signed in through the form: the first starts
 * the chat (its reply written by the server), the second then opens it (by itself, or with a
 * click in the chat list). Close both contexts when done.
 */
export async function openTwoDevices(
	browser: Browser,
	baseUrl: string,
	account: Account
): Promise<[LiveDevice, LiveDevice]> {
	const first = await signedIn(browser, baseUrl, account);
	try {
		await send(first.page, OPENING);
		await expect(messages(first.page).getByText(`Echo: ${OPENING}`)).toBeVisible({
			timeout: STEP_TIMEOUT_MS
		});
		const second = await signedIn(browser, baseUrl, account);
		const opened = messages(second.page).getByText(`Echo: ${OPENING}`);
		try {
			await opened.waitFor({ timeout: OPEN_GRACE_MS }).catch(async () => {
				await second.page.getByRole('button', { name: OPENING }).click();
				await expect(opened).toBeVisible({ timeout: STEP_TIMEOUT_MS });
			});
			return [first, second];
		} catch (error) {
			await second.context.close();
			throw error;
		}
	} catch (error) {
		await first.context.close();
		throw error;
	}
}
