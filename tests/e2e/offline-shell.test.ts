import { expect, test } from '@playwright/test';
import { emulateNetwork } from './account-helpers';
import { newAccount, signUp, waitForServiceWorker } from './helpers';

test.beforeEach(async ({ page }) => {
	await signUp(page, newAccount());
	await waitForServiceWorker(page);
});

test('a page never opened before loads offline from the precache after one visit', async ({
	context,
	page
}) => {
	await context.setOffline(true);
	const usage = await context.newPage();
	await usage.goto('/usage');
	await expect(usage.getByRole('heading', { name: 'Usage' })).toBeVisible();
	// A new document of an offline context takes itself for online until DevTools says so.
	await emulateNetwork(await context.newCDPSession(usage), true);
	await expect(usage.getByText('You are offline.')).toBeVisible();
	// Any other address of the app is the app shell.
	const deep = await context.newPage();
	await deep.goto('/?from=a-link#somewhere');
	await expect(deep.getByRole('button', { name: 'New chat' })).toBeVisible();
	await page.close();
});

test('an API address opened offline answers a problem that says so, not a browser error', async ({
	context
}) => {
	await context.setOffline(true);
	const api = await context.newPage();
	const response = await api.goto('/api/usage?from=2026-01-01&to=2026-01-02');
	expect(response?.status()).toBe(503);
	expect(response?.headers()['content-type']).toBe('application/problem+json');
	expect(await response?.json()).toMatchObject({ title: 'Offline', status: 503 });
});
