import { expect, test, type BrowserContext, type Page, type Route } from '@playwright/test';
import { storedMessages } from './account-helpers';
import {
	newAccount,
	newChatButton,
	queuedPushBodies,
	send,
	signUp,
	waitForServiceWorker
} from './helpers';
import {
	appClients,
	PUSH_ROUTE,
	PUSH_SYNC_TAG,
	serviceWorkerDevTools
} from './service-worker-tools';

/** Signs up and writes `text` offline, so that its push waits in the service worker's queue. */
async function queueOffline(page: Page, context: BrowserContext, text: string) {
	const account = newAccount();
	await signUp(page, account);
	await waitForServiceWorker(page);
	await newChatButton(page).click();
	await context.setOffline(true);
	await send(page, text);
	await expect.poll(async () => (await queuedPushBodies(page)).join('\n')).toContain(text);
	const [serviceWorker] = context.serviceWorkers();
	if (!serviceWorker) throw new Error('the app has no service worker');
	return { account, serviceWorker };
}

/** As `queueOffline`, then closes every tab: what happens next is the service worker's alone. */
async function queueWithNoPageOpen(page: Page, context: BrowserContext, text: string) {
	const queued = await queueOffline(page, context, text);
	for (const open of context.pages()) await open.close();
	await expect.poll(() => appClients(queued.serviceWorker)).toBe(0);
	return queued;
}

const problem = (status: number, title: string) => ({
	contentType: 'application/problem+json',
	body: JSON.stringify({ type: 'about:blank', title, status })
});

/** Messages the account sent on today's date (UTC), as the server's usage counts them. */
async function sentToday(context: BrowserContext): Promise<number> {
	const today = new Date().toISOString().slice(0, 10);
	const usage = await context.request.get(`/api/usage?from=${today}&to=${today}`);
	expect(usage.status()).toBe(200);
	const { days } = (await usage.json()) as { days: { messagesSent: number }[] };
	return days.reduce((sum, day) => sum + day.messagesSent, 0);
}

test('a queued push answered 503, 503, then 429 with Retry-After: 2 is delivered once, and not before the Retry-After', async ({
	browser,
	context,
	page,
	baseURL
}) => {
	const text = 'kept through 503 and 429';
	const { account, serviceWorker } = await queueWithNoPageOpen(page, context, text);

	const answered: { status: number; at: number }[] = [];
	const script = [503, 503, 429];
	await context.route(PUSH_ROUTE, async (route: Route) => {
		const status = script.shift();
		answered.push({ status: status ?? 200, at: Date.now() });
		if (status === undefined) return route.continue();
		return route.fulfill({
			status,
			headers: status === 429 ? { 'retry-after': '2' } : {},
			...problem(status, 'Try later')
		});
	});
	await context.setOffline(false);
	// Chromium fires the sync event by itself once back online; this one makes sure.
	const devtools = await serviceWorkerDevTools(context, baseURL ?? '');
	await devtools.dispatchSync(PUSH_SYNC_TAG);
	await devtools.close();

	// A retry takes the batch off the queue and puts it back: the queue is empty for a moment
	// in between, so its emptiness counts only once the last answer has come.
	await expect.poll(() => answered.length, { timeout: 30_000 }).toBe(4);
	await expect.poll(() => queuedPushBodies(serviceWorker), { timeout: 30_000 }).toEqual([]);
	expect(answered.map((a) => a.status)).toEqual([503, 503, 429, 200]);
	const [, , limited, delivered] = answered;
	expect(delivered!.at - limited!.at).toBeGreaterThanOrEqual(2_000);
	expect((await storedMessages(browser, account)).filter((m) => m === text)).toHaveLength(1);

	const again = await context.newPage();
	await again.goto('/');
	await expect(again.locator('li.user .bubble')).toHaveText([text]);
	await expect(again.getByRole('status')).toContainText('All synced');
});

test('a replay whose answer is lost after the server committed it is applied once', async ({
	browser,
	context,
	page,
	baseURL
}) => {
	const text = 'answer lost after the commit';
	const { account, serviceWorker } = await queueWithNoPageOpen(page, context, text);

	let reached = 0;
	await context.route(PUSH_ROUTE, async (route: Route) => {
		reached++;
		if (reached > 1) return route.continue();
		// The server applies the batch; its answer never reaches the service worker.
		const response = await route.fetch();
		expect(response.status()).toBe(200);
		return route.abort('connectionreset');
	});
	await context.setOffline(false);
	const devtools = await serviceWorkerDevTools(context, baseURL ?? '');
	await devtools.dispatchSync(PUSH_SYNC_TAG);
	await devtools.close();

	// The queue is empty for a moment during the retry: it counts once the retry has come.
	await expect.poll(() => reached, { timeout: 30_000 }).toBe(2);
	await expect.poll(() => queuedPushBodies(serviceWorker), { timeout: 30_000 }).toEqual([]);
	expect(reached).toBe(2);
	expect((await storedMessages(browser, account)).filter((m) => m === text)).toHaveLength(1);
	const other = await browser.newContext({ baseURL: baseURL ?? '' });
	try {
		expect((await other.request.post('/api/auth/login', { data: account })).status()).toBe(200);
		expect(await sentToday(other)).toBe(1);
	} finally {
		await other.close();
	}
});

test('a batch the server refuses (400) is set aside by the service worker and shown on the page', async ({
	context,
	page
}) => {
	const { serviceWorker } = await queueOffline(page, context, 'a batch the server refuses');

	let refusedReplays = 0;
	await context.route(PUSH_ROUTE, async (route: Route) => {
		refusedReplays++;
		return route.fulfill({ status: 400, ...problem(400, 'Bad Request') });
	});
	await context.setOffline(false);
	await expect.poll(() => queuedPushBodies(serviceWorker), { timeout: 30_000 }).toEqual([]);
	await expect(page.getByText(/The server refused \d+ changes?/)).toBeVisible();
	// Set aside, never sent again: neither by the queue nor by the page.
	const settled = refusedReplays;
	await page.getByRole('button', { name: 'Sync now' }).click();
	await page.waitForTimeout(1_000);
	expect(refusedReplays).toBe(settled);
});

test.describe('in a browser without Background Sync', () => {
	test.beforeEach(async ({ context }) => {
		await context.addInitScript(() => {
			delete (window as { SyncManager?: unknown }).SyncManager;
		});
	});

	test('the queue is flushed when a page opens', async ({ browser, context, page }) => {
		const text = 'queued where Background Sync is missing';
		const { account, serviceWorker } = await queueWithNoPageOpen(page, context, text);
		expect(serviceWorker.url()).toContain('?no-background-sync');
		await context.setOffline(false);
		// No sync event is fired: a page opening asks the service worker to flush.
		const again = await context.newPage();
		await again.goto('/');
		await expect.poll(() => queuedPushBodies(serviceWorker), { timeout: 30_000 }).toEqual([]);
		expect((await storedMessages(browser, account)).filter((m) => m === text)).toHaveLength(1);
		await expect(again.getByRole('status')).toContainText('All synced');
	});
});
