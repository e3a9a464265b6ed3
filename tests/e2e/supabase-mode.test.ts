import { expect, test } from '@playwright/test';
import { startServer, type ServerProcess } from '../support/server-process';
import {
	startFakeSupabaseAuth,
	supabaseEnv,
	type FakeSupabaseAuth
} from '../support/supabase/fake-auth';
import { expectSignInForm, signOutFrom, submitAuthForm } from './account-helpers';
import { newAccount, newChatButton, send, waitForServiceWorker } from './helpers';

// One server in Supabase mode (embedded database) against a stand-in for Supabase Auth: the
// page's real supabase-js signs in there, and the server reads its cookie.
let auth: FakeSupabaseAuth;
let server: ServerProcess;

test.beforeAll(async () => {
	auth = await startFakeSupabaseAuth();
	server = await startServer({ launcher: 'node-build', env: supabaseEnv(auth) });
});
test.afterAll(async () => {
	await server?.stop();
	await auth?.close();
});

/** The contents of the messages the server holds for the page's signed-in user. */
async function serverMessages(page: import('@playwright/test').Page): Promise<string[]> {
	const pull = await page.request.get(`${server.url}/api/sync/pull?limit=1000`);
	expect(pull.status()).toBe(200);
	const body = (await pull.json()) as {
		records: { type: string; data?: { content?: string } }[];
	};
	return body.records.filter((r) => r.type === 'message').map((r) => r.data?.content ?? '');
}

test('signs up, syncs, signs out and in again through Supabase Auth with supabase-js', async ({
	page
}) => {
	const account = newAccount();
	await page.goto(server.url);
	await expect(page.getByRole('button', { name: 'Email me a sign-in link' })).toBeVisible();
	await submitAuthForm(page, account, 'Sign up');
	await waitForServiceWorker(page);
	const cookies = await page.context().cookies(server.url);
	expect(cookies.map((c) => c.name)).toContain('sb-127-auth-token');
	expect(cookies.map((c) => c.name)).not.toContain('outpost_session');

	await send(page, 'Hello from Supabase mode');
	await expect
		.poll(() => serverMessages(page), { timeout: 15_000 })
		.toContain('Hello from Supabase mode');

	await signOutFrom(page);
	await expectSignInForm(page);
	await expect
		.poll(async () => (await page.context().cookies(server.url)).map((c) => c.name))
		.not.toContain('sb-127-auth-token');
	expect((await page.request.get(`${server.url}/api/auth/me`)).status()).toBe(401);

	// A wrong password is refused in words; the right one opens the same account's chats.
	await page.getByLabel('Email').fill(account.email);
	await page.getByLabel('Password').fill('not the password');
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(page.getByRole('alert')).toHaveText('Invalid login credentials.');
	await submitAuthForm(page, account, 'Sign in');
	// The newest chat opens, with the message the server kept.
	await expect(
		page.locator('li.user').filter({ hasText: 'Hello from Supabase mode' })
	).toBeVisible();
});

test('signs in with an emailed link, without a password', async ({ page }) => {
	const { email } = newAccount();
	await page.goto(server.url);
	await page.getByLabel('Email').fill(email);
	await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
	await expect(page.getByText(`We sent a sign-in link to ${email}`)).toBeVisible();
	const link = auth.lastLink(email);
	expect(link).toBeDefined();
	await page.goto(link ?? '');
	await expect(newChatButton(page)).toBeVisible();
	// The link's code is used and taken out of the address bar.
	expect(new URL(page.url()).search).toBe('');
	const me = await page.request.get(`${server.url}/api/auth/me`);
	expect(((await me.json()) as { user: { email: string } }).user.email).toBe(email);
});
