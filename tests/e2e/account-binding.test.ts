import { expect, test } from '@playwright/test';
import {
	expectSignInForm,
	missAccountBroadcasts,
	signOutFrom,
	storedMessages,
	submitAuthForm
} from './account-helpers';
import {
	newAccount,
	newChatButton,
	openSignedInTab,
	send,
	signUp,
	waitForServiceWorker
} from './helpers';

test('a tab that missed the sign-out never writes into the account signed in after it', async ({
	browser,
	context,
	page: a
}) => {
	const first = newAccount();
	const second = newAccount();
	await signUp(a, first);
	await waitForServiceWorker(a);
	const b = await context.newPage();
	await missAccountBroadcasts(b);
	await b.goto('/');
	await expect(newChatButton(b)).toBeVisible();
	await expect(b.getByText(first.email)).toBeVisible();

	await signOutFrom(a, true);
	await expectSignInForm(a);
	await submitAuthForm(a, second, 'Sign up');
	await expect(a.getByText(second.email)).toBeVisible();

	// B still shows the first account: what is typed there is that account's. (It may say its
	// session ended too: it took over syncing when A closed the journal, and was refused.)
	await expect(b.getByText(first.email, { exact: true })).toBeVisible();
	await newChatButton(b).click();
	await send(b, 'typed in the stale tab');
	await expect(
		b.getByRole('list', { name: 'Messages' }).getByText('typed in the stale tab', { exact: true })
	).toBeVisible();
	// Whichever B heard first (the sign-out or the other account), it stops and says so.
	const stopped = /Another account signed in|Your session has ended/;
	const stoppedStatus = /another account|Sign in again/;
	await expect(b.getByRole('alert').filter({ hasText: stopped })).toBeVisible();
	await expect(b.getByRole('status')).toContainText(stoppedStatus);
	await b.getByRole('button', { name: 'Sync now' }).click();
	await expect(b.getByRole('status')).toContainText(stoppedStatus);
	expect(await storedMessages(browser, second)).toEqual([]);

	// Signing in again as the first account from B sends the message to that account.
	await b.getByRole('button', { name: `Sign in as ${first.email}` }).click();
	await expect(b.getByLabel('Email')).toHaveValue(first.email);
	await b.getByLabel('Password').fill(first.password);
	await b.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(
		b.getByRole('list', { name: 'Messages' }).getByText('typed in the stale tab', { exact: true })
	).toBeVisible();
	await expect(b.getByRole('status')).toContainText('All synced', { timeout: 30_000 });
	expect(await storedMessages(browser, first)).toContain('typed in the stale tab');
	expect(await storedMessages(browser, second)).toEqual([]);

	// A, still showing the second account, heard B's sign-in and stopped at once.
	await expect(a.getByRole('alert').filter({ hasText: 'Another account signed in' })).toBeVisible({
		timeout: 5_000
	});
	await expect(a.getByRole('status')).toContainText('another account');
});

test('a tab hears a sign-out in another tab and shows the sign-in form at once', async ({
	context,
	page: a
}) => {
	const account = newAccount();
	await signUp(a, account);
	const b = await openSignedInTab(context);

	await signOutFrom(a);

	await expectSignInForm(b);
	await expect(b.getByText('You signed out in another tab.')).toBeVisible({ timeout: 5_000 });
	await expect(b.getByLabel('Email')).toHaveValue(account.email);
});
