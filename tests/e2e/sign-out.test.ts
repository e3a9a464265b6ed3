import { expect, test } from '@playwright/test';
import {
	emulateNetwork,
	expectSignInForm,
	signOutFrom,
	storedMessages,
	submitAuthForm
} from './account-helpers';
import { newAccount, newChatButton, send, signUp, waitForServiceWorker } from './helpers';

const PENDING_SIGN_OUT = 'outpost.pendingSignOut';

test('a sign-out while offline holds across an offline reload and ends the session once online', async ({
	context,
	page,
	playwright,
	baseURL
}) => {
	const account = newAccount();
	await signUp(page, account);
	await waitForServiceWorker(page);
	const cookie = (await context.cookies()).find((c) => c.name === 'outpost_session');
	expect(cookie).toBeDefined();
	const oldSession = await playwright.request.newContext({
		...(baseURL ? { baseURL } : {}),
		extraHTTPHeaders: { cookie: `outpost_session=${cookie?.value}` }
	});
	try {
		await context.setOffline(true);
		await signOutFrom(page);
		await expectSignInForm(page);
		expect(
			await page.evaluate((key) => localStorage.getItem(key), PENDING_SIGN_OUT)
		).not.toBeNull();

		await page.reload();
		// See reloadOffline in helpers.ts: the reloaded document must be told it is offline.
		const cdp = await context.newCDPSession(page);
		await emulateNetwork(cdp, true);
		await expectSignInForm(page);
		// The server has not heard of the sign-out yet: the old cookie still works there.
		expect((await oldSession.get('/api/auth/me')).status()).toBe(200);

		await context.setOffline(false);
		await emulateNetwork(cdp, false);
		await expect
			.poll(async () => (await oldSession.get('/api/auth/me')).status(), { timeout: 15_000 })
			.toBe(401);
		await expect
			.poll(() => page.evaluate((key) => localStorage.getItem(key), PENDING_SIGN_OUT))
			.toBeNull();
		await page.reload();
		await expectSignInForm(page);
	} finally {
		await oldSession.dispose();
	}
});

test('signing out with unsent changes warns first; cancelling keeps the user signed in', async ({
	browser,
	context,
	page
}) => {
	const account = newAccount();
	await signUp(page, account);
	await waitForServiceWorker(page);
	await newChatButton(page).click();
	await context.setOffline(true);
	await send(page, 'not sent yet');
	await expect(
		page.getByRole('list', { name: 'Messages' }).getByText('not sent yet')
	).toBeVisible();
	await expect(page.getByRole('status')).toContainText('to sync');

	await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
	const warning = page.getByRole('dialog', { name: 'Sign out with unsent changes?' });
	await expect(warning).toBeVisible();
	await expect(warning).toContainText('not reached the server yet');
	await expect(warning).toContainText(
		`Kept on this device, they are sent when ${account.email} signs in here again.`
	);
	await warning.getByRole('button', { name: 'Stay signed in' }).click();
	await expect(warning).toHaveCount(0);
	await expect(page.getByText(account.email)).toBeVisible();
	await expect(
		page.getByRole('list', { name: 'Messages' }).getByText('not sent yet')
	).toBeVisible();
	expect(await page.evaluate(() => localStorage.getItem('outpost.pendingSignOut'))).toBeNull();

	// Signing out anyway keeps the message on the device; it is sent on the next sign-in here.
	await signOutFrom(page);
	await expectSignInForm(page);
	await context.setOffline(false);
	await submitAuthForm(page, account);
	await expect(page.getByRole('status')).toContainText('All synced', { timeout: 30_000 });
	expect(await storedMessages(browser, account)).toContain('not sent yet');
});
