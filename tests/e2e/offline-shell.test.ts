import { expect, test } from '@playwright/test';
import { emulateNetwork } from './account-helpers';
import { newAccount, newChatButton, signUp, waitForServiceWorker } from './helpers';

test('offline after one visit: a page never opened loads from the precache, any address is the app, and an API address answers a problem', async ({
	context,
	page
}) => {
	await signUp(page, newAccount());
	await waitForServiceWorker(page);
	await context.setOffline(true);

	const usage = await context.newPage();
	await usage.goto('/usage');
	await expect(usage.getByRole('heading', { name: 'Usage' })).toBeVisible();
	// A new document of an offline context takes itself for online until DevTools says so.
	await emulateNetwork(await context.newCDPSession(usage), true);
	await expect(usage.getByText('You are offline.')).toBeVisible();

	const deep = await context.newPage();
	await deep.goto('/?from=a-link#somewhere');
	await expect(newChatButton(deep)).toBeVisible();

	// Opened as a page, an API address gets a problem that says so, not the browser's error page.
	const api = await context.newPage();
	const response = await api.goto('/api/usage?from=2026-01-01&to=2026-01-02');
	expect(response?.status()).toBe(503);
	expect(response?.headers()['content-type']).toBe('application/problem+json');
	expect(await response?.json()).toMatchObject({ title: 'Offline', status: 503 });
});
