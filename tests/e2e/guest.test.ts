import { expect, test, type Page } from '@playwright/test';
import { signOutFrom, storedMessages, submitAuthForm } from './account-helpers';
import { newAccount, newChatButton, send, waitForReply } from './helpers';

/** The names of the journals (IndexedDB databases) on the device. */
async function journals(page: Page): Promise<string[]> {
	const databases = await page.evaluate(() => indexedDB.databases());
	return databases.flatMap((d) => (d.name?.startsWith('outpost-journal-') ? [d.name] : [])).sort();
}

test('chats written without an account stay on the device, join the account on sign-up and reach the server once', async ({
	browser,
	page
}) => {
	await page.goto('/');
	await page.getByRole('button', { name: 'Chat without an account' }).click();
	await newChatButton(page).click();
	await send(page, 'hello without an account');
	await waitForReply(page, 'You said: "hello without an account"');
	await expect(page.getByText('Not signed in · chats stay on this device')).toBeVisible();

	// A reload reopens the chats kept on the device.
	await page.reload();
	await expect(page.getByRole('list', { name: 'Messages' })).toContainText(
		'hello without an account'
	);

	const account = newAccount();
	await page.getByRole('button', { name: 'Sign in to sync' }).click();
	await submitAuthForm(page, account, 'Sign up');
	// On a phone the signed-in page fits the screen's width, a long email included.
	await page.setViewportSize({ width: 390, height: 844 });
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await page.setViewportSize({ width: 1280, height: 720 });
	await expect(
		page.getByRole('button', { name: 'hello without an account', exact: true })
	).toBeVisible();
	await expect(page.getByRole('status')).toContainText('All synced', { timeout: 30_000 });
	const stored = await storedMessages(browser, account);
	expect(stored.filter((m) => m === 'hello without an account')).toHaveLength(1);
	expect(stored.filter((m) => m.startsWith('You said: "hello without an account"'))).toHaveLength(
		1
	);
	expect(await journals(page)).toHaveLength(1);

	// Signing out and not keeping the chats removes the account's journal from the device.
	await signOutFrom(page, false);
	await expect(page.getByRole('button', { name: 'Chat without an account' })).toBeVisible();
	await expect.poll(() => journals(page)).toEqual([]);

	// Signing in again brings them back from the server.
	await submitAuthForm(page, account);
	await expect(page.getByRole('list', { name: 'Messages' })).toContainText(
		'hello without an account'
	);
	await expect(page.getByRole('status')).toContainText('All synced', { timeout: 30_000 });

	// Keeping them leaves the journal, and the chats open offline on the next sign-in.
	await signOutFrom(page, true);
	await expect(page.getByRole('button', { name: 'Chat without an account' })).toBeVisible();
	expect(await journals(page)).toHaveLength(1);
});
