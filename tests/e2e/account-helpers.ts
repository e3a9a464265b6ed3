import { expect, type Browser, type CDPSession, type Page } from '@playwright/test';
import { newChatButton } from './helpers';

/** Credentials of an account. */
export interface Credentials {
	email: string;
	password: string;
}

/** Fills the sign-in form the page shows and signs in (or up), then waits for the chat. */
export async function submitAuthForm(
	page: Page,
	account: Credentials,
	button: 'Sign in' | 'Sign up' = 'Sign in'
) {
	await page.getByLabel('Email').fill(account.email);
	await page.getByLabel('Password').fill(account.password);
	await page.getByRole('button', { name: button, exact: true }).click();
	await expect(newChatButton(page)).toBeVisible();
}

/**
 * Signs out with the header's button and the dialog it opens; `keepChats` sets the dialog's
 * choice of keeping the account's chats on the device (left as the dialog offers it if unset).
 */
export async function signOutFrom(page: Page, keepChats?: boolean) {
	await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
	const dialog = page.getByRole('dialog');
	if (keepChats !== undefined) {
		await dialog
			.getByRole('checkbox', { name: "Keep this account's chats on this device" })
			.setChecked(keepChats);
	}
	await dialog.getByRole('button', { name: 'Sign out' }).click();
}

/** Whether the page shows the sign-in form. */
export async function expectSignInForm(page: Page) {
	await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
	await expect(newChatButton(page)).toHaveCount(0);
}

/** The contents of every message the server holds for `account`, read through the API. */
export async function storedMessages(browser: Browser, account: Credentials): Promise<string[]> {
	const context = await browser.newContext();
	try {
		const login = await context.request.post('/api/auth/login', { data: account });
		expect(login.status()).toBe(200);
		const pull = await context.request.get('/api/sync/pull?limit=1000');
		expect(pull.status()).toBe(200);
		const body = (await pull.json()) as {
			records: { type: string; op: string; data?: { content?: string } }[];
		};
		return body.records
			.filter((r) => r.type === 'message' && r.op === 'upsert')
			.map((r) => r.data?.content ?? '');
	} finally {
		await context.close();
	}
}

/**
 * Makes a page deaf to other tabs' account broadcasts, as a frozen or discarded tab is: its
 * BroadcastChannel delivers nothing (it still sends). Only the server's 409 can stop it then.
 * Runs before the page's own scripts.
 */
export async function missAccountBroadcasts(page: Page) {
	await page.addInitScript(() => {
		const Original = window.BroadcastChannel;
		window.BroadcastChannel = class extends Original {
			override set onmessage(_listener: ((event: MessageEvent) => void) | null) {}
			override get onmessage(): null {
				return null;
			}
		};
	});
}

/** Sets the network state a page itself sees (navigator.onLine and its events). */
export async function emulateNetwork(cdp: CDPSession, offline: boolean) {
	await cdp.send('Network.emulateNetworkConditions', {
		offline,
		latency: 0,
		downloadThroughput: -1,
		uploadThroughput: -1
	});
}
