import { expect, test, type Page } from '@playwright/test';
import { newAccount, newChatButton, send, signUp } from './helpers';

// The app shell's offline cache plays no part here, and installing it slows the first load.
test.use({ serviceWorkers: 'block' });

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** How far the page sticks out to the right of the screen (0 when nothing overflows). */
const overflow = (page: Page) =>
	page.evaluate(() => (document.scrollingElement?.scrollWidth ?? 0) - innerWidth);

/** Whether the element is inside the visible part of the screen, whole. */
async function onScreen(page: Page, name: string, role: 'button' | 'textbox' = 'button') {
	const box = await page.getByRole(role, { name, exact: true }).boundingBox();
	const size = page.viewportSize();
	return (
		box !== null &&
		size !== null &&
		box.x >= 0 &&
		box.y >= 0 &&
		box.x + box.width <= size.width &&
		box.y + box.height <= size.height
	);
}

test('on a phone nothing overflows, the chat list is a drawer, and the composer stays above the keyboard', async ({
	page
}) => {
	await page.setViewportSize(PHONE);
	await signUp(page, newAccount());
	const long = `A title that goes on and on ${'and on '.repeat(12)}`;
	const word = 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(3);
	await send(page, `${long} ${word}`);
	await expect(page.getByRole('list', { name: 'Messages' })).toContainText(word);
	const chats = page.getByRole('button', { name: 'Chats', exact: true });
	const list = page.getByRole('navigation', { name: 'Conversations' });

	for (const width of [320, 390, 430]) {
		await page.setViewportSize({ width, height: 700 });
		expect(await overflow(page), `${width} px`).toBeLessThanOrEqual(0);
		expect(await onScreen(page, 'Send'), `Send at ${width} px`).toBe(true);
		expect(await onScreen(page, 'Menu'), `Menu at ${width} px`).toBe(true);
	}

	// The drawer opens from Chats and closes on Esc, on the backdrop, and on picking a chat.
	await page.setViewportSize(PHONE);
	await expect(list).toBeHidden();
	await chats.click();
	await expect(list).toBeVisible();
	await expect(chats).toHaveAttribute('aria-expanded', 'true');
	expect(await overflow(page)).toBeLessThanOrEqual(0);
	await page.keyboard.press('Escape');
	await expect(list).toBeHidden();
	await expect(chats).toBeFocused();
	await chats.click();
	await page.mouse.click(PHONE.width - 10, PHONE.height / 2);
	await expect(list).toBeHidden();
	await chats.click();
	await list.getByRole('button', { name: /^A title that goes on/ }).click();
	await expect(list).toBeHidden();

	// An on-screen keyboard takes half the screen: the message field and Send stay in view.
	await page.getByRole('textbox', { name: 'Message' }).focus();
	await page.setViewportSize({ width: PHONE.width, height: 400 });
	await expect(page.getByRole('textbox', { name: 'Message' })).toBeInViewport();
	expect(await onScreen(page, 'Send')).toBe(true);
	expect(await onScreen(page, 'Message', 'textbox')).toBe(true);

	// Two panes on a desktop: the list beside the chat, no Chats button.
	await page.setViewportSize(DESKTOP);
	await expect(list).toBeVisible();
	await expect(chats).toBeHidden();
	await expect(page.getByRole('banner').getByRole('button', { name: 'Sign out' })).toBeVisible();
	expect(await overflow(page)).toBeLessThanOrEqual(0);
});

test('a new user is welcomed once, then writes with the cursor already in the composer', async ({
	page
}) => {
	await page.setViewportSize(PHONE);
	await page.goto('/');
	// A wrong password is said in words, not in the API's.
	await page.getByLabel('Email').fill(newAccount().email);
	await page.getByLabel('Password').fill('not the password');
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(page.getByRole('alert')).toHaveText(
		'That email and password do not match an account. Check them and try again.'
	);

	await signUp(page, newAccount());
	const message = page.getByRole('textbox', { name: 'Message' });
	await expect(page.getByRole('heading', { name: 'Welcome to Outpost' })).toBeVisible();
	await expect(message).toBeFocused();
	await page.getByRole('button', { name: 'Start chatting' }).click();
	await expect(page.getByRole('heading', { name: 'Welcome to Outpost' })).toBeHidden();
	await expect(message).toBeFocused();

	await page.reload();
	await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Welcome to Outpost' })).toHaveCount(0);

	// New chat puts the cursor in the composer too, on both sizes.
	await newChatButton(page).click();
	await expect(message).toBeFocused();
	await page.setViewportSize(DESKTOP);
	await message.blur();
	const list = page.getByRole('navigation', { name: 'Conversations' });
	await list.getByRole('button', { name: 'New chat', exact: true }).first().click();
	await expect(message).toBeFocused();
});

test('the theme follows the system until picked, and the pick is remembered', async ({
	browser
}) => {
	const context = await browser.newContext({
		colorScheme: 'dark',
		viewport: DESKTOP,
		serviceWorkers: 'block'
	});
	const page = await context.newPage();
	const background = () =>
		page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
	await page.goto('/');
	await page.getByRole('button', { name: 'Chat without an account' }).click();
	await expect(page.getByRole('radio', { name: 'System' })).toBeChecked();
	const dark = await background();
	expect(dark).toBe('rgb(15, 20, 23)');

	await page.getByRole('radio', { name: 'Light' }).check();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
	const light = await background();
	expect(light).not.toBe(dark);
	await page.reload();
	await expect(page.getByRole('radio', { name: 'Light' })).toBeChecked();
	expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
	expect(await background()).toBe(light);

	// On a phone the theme is in the Menu.
	await page.setViewportSize(PHONE);
	await page.getByRole('button', { name: 'Menu' }).click();
	await page.getByRole('radio', { name: 'System' }).check();
	await expect(page.locator('html')).not.toHaveAttribute('data-theme');
	expect(await background()).toBe(dark);
	await context.close();
});

test('the sync area says offline only when the browser is, and calls a server that is down that', async ({
	page,
	context
}) => {
	await page.setViewportSize(DESKTOP);
	await signUp(page, newAccount());
	const status = page.getByRole('status');
	await expect(status).toContainText('All synced');

	// The server answers 503 while the browser is online.
	await context.route('**/api/sync/**', (route) =>
		route.fulfill({
			status: 503,
			headers: { 'retry-after': '30' },
			contentType: 'application/problem+json',
			body: JSON.stringify({
				type: 'urn:outpost:problem:database_unavailable',
				title: 'Service Unavailable',
				status: 503,
				code: 'database_unavailable'
			})
		})
	);
	await send(page, 'written while the server is down');
	await expect(status).toContainText(/Server busy · \d+ to sync/);
	await expect(page.getByText(/The server is busy or down for a moment \(503\)/)).toBeVisible();
	await expect(page.getByText('You are offline')).toHaveCount(0);
	await expect(status).not.toContainText('Offline');
	await page.setViewportSize(PHONE);
	await expect(status).toContainText('Server busy');
	expect(await overflow(page)).toBeLessThanOrEqual(0);

	// Offline is said when the browser is offline.
	await context.setOffline(true);
	await expect(status).toContainText('Offline');
	await expect(
		page.getByText(/You are offline\. \d+ changes? waits? on this device/)
	).toBeVisible();

	// Back online with the server up: the change goes, and the time of the sync shows.
	await context.unroute('**/api/sync/**');
	await context.setOffline(false);
	await page.setViewportSize(DESKTOP);
	await page.getByRole('button', { name: 'Sync now' }).click();
	await expect(status).toContainText('All synced', { timeout: 30_000 });
	await expect(status).toContainText('just now');
	await expect(page.getByText('You are offline')).toHaveCount(0);
});

test('a first visit signed out logs no error and sends no request bound to fail; the loading screen moves nothing', async ({
	page
}) => {
	const errors: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') errors.push(message.text());
	});
	page.on('response', (response) => {
		if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
	});
	await page.addInitScript(() => {
		const shifts: number[] = [];
		Object.assign(window, { shifts });
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries())
				shifts.push((entry as PerformanceEntry & { value: number }).value);
		}).observe({ type: 'layout-shift', buffered: true });
	});
	await page.setViewportSize(PHONE);
	await page.goto('/');
	await expect(page.getByRole('button', { name: 'Sign up' })).toBeVisible();
	await page.waitForTimeout(500);
	expect(errors).toEqual([]);
	expect(await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts)).toEqual([]);

	// Signed in, a reload asks the server who is signed in, and finds the account.
	await signUp(page, newAccount());
	await page.reload();
	await expect(newChatButton(page)).toBeVisible();
});
