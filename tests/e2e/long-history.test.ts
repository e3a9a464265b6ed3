import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { at, batch, message, session } from '../support/records';
import { newAccount, send, signUp, waitForReply } from './helpers';

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
		// The page holds a window of the chat, not the whole of it.
		expect(await shownCount(other)).toBeLessThanOrEqual(100);
		await expect(other.getByText('Start of this chat')).toHaveCount(0);

		// Scrolling back reads older pages until the start.
		for (let shown = await shownCount(other); shown < COUNT;) {
			// The scroller's origin is its bottom: the top is the most negative scrollTop.
			await messagesList(other).evaluate((list) =>
				list.parentElement?.scrollTo({ top: -list.parentElement.scrollHeight })
			);
			await expect.poll(() => shownCount(other)).toBeGreaterThan(shown);
			shown = await shownCount(other);
		}
		await expect(other.getByText('Start of this chat')).toBeVisible();
		await expect(messagesList(other).getByText('history message 0', { exact: true })).toBeVisible();
		expect(await shownCount(other)).toBe(COUNT);

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
