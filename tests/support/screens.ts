import { SIGNED_IN_COOKIE } from '../../src/lib/protocol/auth';
import type { BrowserContext, Page } from '@playwright/test';
import { signUp, type Account } from './api-client';
import { SHOWCASE_REPLY_TEXT } from './showcase-account';

// The main screens of the app, reached as a person reaches them and found by role and name
// (the names people and the e2e tests rely on), for the screenshots script, the accessibility
// scan and Lighthouse. Plain waits, no `expect`: the screenshots script runs outside the runner.

/** The two window sizes every screen is looked at in. */
export const VIEWPORTS = {
	phone: { width: 390, height: 844 },
	desktop: { width: 1280, height: 800 }
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** The two colour schemes every screen is looked at in. */
export const THEMES = ['light', 'dark'] as const;
export type ThemeName = (typeof THEMES)[number];

const TIMEOUT = 30_000;

/** Signs `context` in as `account`: its session cookies, as the sign-in form leaves them. */
export async function signInContext(context: BrowserContext, baseUrl: string, account: Account) {
	await context.addCookies([
		{
			name: 'outpost_session',
			value: account.token,
			url: baseUrl,
			httpOnly: true,
			sameSite: 'Lax'
		},
		{ name: SIGNED_IN_COOKIE, value: '1', url: baseUrl, sameSite: 'Lax' }
	]);
}

/** The sign-in form of a browser nobody signed in on. */
export async function showSignIn(page: Page): Promise<void> {
	await page.goto('/');
	await page.getByLabel('Email').waitFor({ timeout: TIMEOUT });
	await page.getByRole('button', { name: 'Sign in' }).first().waitFor({ timeout: TIMEOUT });
}

/** The first screen of a new account: no chats yet. Signs `context` in as a new account. */
export async function showWelcome(page: Page, baseUrl: string): Promise<void> {
	await signInContext(page.context(), baseUrl, await signUp(baseUrl));
	await page.goto('/');
	await page
		.getByRole('heading', { name: /welcome/i })
		.or(page.getByRole('textbox', { name: 'Message' }))
		.first()
		.waitFor({ timeout: TIMEOUT });
}

/** The showcase chat (tests/support/showcase-account.ts), which the app opens as the newest. */
export async function showChat(page: Page): Promise<void> {
	await page.goto('/');
	await waitForChat(page);
}

/** Waits until the page shows the showcase chat's reply. */
export async function waitForChat(page: Page): Promise<void> {
	await page
		.getByRole('list', { name: 'Messages' })
		.getByText(SHOWCASE_REPLY_TEXT)
		.first()
		.waitFor({ timeout: TIMEOUT });
}

/**
 * Opens the phone's chat-list drawer by its button. Resolves false when the page has no such
 * button (a layout without a drawer).
 */
export async function openDrawer(page: Page): Promise<boolean> {
	const toggle = page
		.getByRole('button', { name: /^(show |open )?(chats|conversations|chat list)$/i })
		.first();
	if (!(await toggle.isVisible())) return false;
	await toggle.click();
	await page
		.getByRole('navigation', { name: 'Conversations' })
		.getByText(/./)
		.first()
		.waitFor({ timeout: TIMEOUT });
	// The drawer's slide-in, if it has one.
	await page.waitForTimeout(400);
	return true;
}

/** The usage page with its charts drawn, from the header's link where it shows. */
export async function showUsage(page: Page): Promise<void> {
	const link = page.getByRole('link', { name: 'Usage' }).first();
	if (await link.isVisible()) await link.click();
	else await page.goto('/usage');
	await page.getByRole('heading', { name: 'Usage', level: 1 }).waitFor({ timeout: TIMEOUT });
	await page.getByRole('heading', { name: 'Tokens per day' }).waitFor({ timeout: TIMEOUT });
}
