import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { at, batch, message, session } from '../support/records';
import { newAccount, send, signUp, waitForReply } from './helpers';

// The chat itself, not the service worker (tested on its own): none, as in a browser without one.
test.use({ serviceWorkers: 'block' });

const COUNT = 1_200;

/** Stores a chat of `count` messages for the signed-in account, over the sync API. */
async function seedHistory(request: APIRequestContext, count: number): Promise<void> {
	const records = [await session('long', { title: 'A long chat', updatedAt: at(count + 1) })];
	for (let i = 0; i < count; i++) {
		const when = at(i + 1);
		records.push(
			await message(`m${String(i).padStart(5, '0')}`, 'long', {
				content: `history message ${i}`,
				createdAt: when,
				updatedAt: when
			})
		);
	}
	for (let i = 0; i < records.length; i += 500) {
		const response = await request.post('/api/sync/push', {
			data: batch(records.slice(i, i + 500))
		});
		expect(response.status()).toBe(200);
	}
}

const messagesList = (page: Page) => page.getByRole('list', { name: 'Messages' });
const shownCount = (page: Page) => messagesList(page).locator('li[data-id]').count();

test('a new device shows the newest messages of a long chat at once and older ones as the reader scrolls back', async ({
	browser,
	page
}) => {
	const account = newAccount();
	await signUp(page, account);
	await seedHistory(page.request, COUNT);

	// A new device: another browser context signs in to the account.
	const device = await browser.newContext();
	try {
		const other = await device.newPage();
		await other.goto('/');
		await other.getByLabel('Email').fill(account.email);
		await other.getByLabel('Password').fill(account.password);
		await other.getByRole('button', { name: 'Sign in', exact: true }).click();
		await expect(other.getByRole('button', { name: 'A long chat', exact: true })).toBeVisible();
		await expect(messagesList(other).getByText(`history message ${COUNT - 1}`)).toBeInViewport();
		await other.screenshot({ path: 'test-results/e2e/long-history-newest.png' });
		await expect(other.getByRole('status')).toContainText('All synced', { timeout: 30_000 });
		// The page holds a window of the chat, not the whole of it, and draws only what is on screen.
		expect(await shownCount(other)).toBeLessThanOrEqual(40);
		await expect(other.getByText('Start of this chat')).toHaveCount(0);

		// Scrolling back reads older pages until the start; the page still draws a few rows.
		await expect(async () => {
			await messagesList(other)
				.locator('..')
				.evaluate((scroller) => scroller.scrollTo({ top: 0 }));
			await expect(other.getByText('Start of this chat')).toBeInViewport({ timeout: 300 });
		}).toPass({ intervals: [100], timeout: 60_000 });
		const first = messagesList(other).locator('li[data-id]').first();
		await expect(first.locator('.bubble')).toHaveText('history message 0');
		await expect(first).toBeInViewport();
		// The whole chat is read: each row says where it stands in it.
		await expect(first).toHaveAttribute('aria-posinset', '1');
		await expect(first).toHaveAttribute('aria-setsize', String(COUNT));
		expect(await shownCount(other)).toBeLessThanOrEqual(40);

		// A message sent at the end of the long chat gets its reply.
		// Sent while scrolled back to the start: the view follows the new message.
		await send(other, 'after a long history');
		await waitForReply(other, 'You said: "after a long history"');
		await expect(
			messagesList(other).getByText('after a long history', { exact: true })
		).toBeInViewport();
		await expect(other.getByRole('status')).toContainText('All synced');
	} finally {
		await device.close();
	}
});
