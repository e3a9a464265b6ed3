import { expect, test, type Page } from '@playwright/test';
import { seedShowcaseAccount } from '../support/showcase-account';
import { signInContext, VIEWPORTS } from '../support/screens';
import { waitForServiceWorker } from './helpers';

/** Whether the usage charts hold a pixel of exactly `rgb` (a bar's fill). */
function chartsDrawIn(page: Page, rgb: [number, number, number]): Promise<boolean> {
	return page.evaluate(([r, g, b]) => {
		return [...document.querySelectorAll('canvas')].some((canvas) => {
			const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
			for (let i = 0; pixels && i < pixels.length; i += 4) {
				if (pixels[i] === r && pixels[i + 1] === g && pixels[i + 2] === b && pixels[i + 3] === 255)
					return true;
			}
			return false;
		});
	}, rgb);
}

test('the usage page charts a month, picks ranges, follows the theme, and says when it is offline or signed out', async ({
	page,
	context,
	baseURL,
	browser
}) => {
	const account = await seedShowcaseAccount(baseURL!);
	await signInContext(context, baseURL!, account);
	await page.setViewportSize(VIEWPORTS.desktop);
	// The header's link to it is followed by the accessibility scan (accessibility.test.ts).
	await page.goto('/usage');

	// Four weeks of questions, each answered, and today's chat.
	await expect(page.getByRole('definition').first()).not.toHaveText('0');
	await page.getByText('Show the numbers as a table').click();
	const rows = page.getByRole('table').getByRole('row');
	await expect(rows).toHaveCount(31);
	await expect(
		page.getByRole('img', { name: /Messages per day, a bar chart of 30 days/ })
	).toBeVisible();

	await page.getByRole('radio', { name: '7 days' }).check();
	await expect(rows).toHaveCount(8);
	await page.getByRole('radio', { name: 'Custom' }).check();
	await page.getByLabel('From', { exact: true }).fill('2020-03-10');
	await page.getByLabel('To', { exact: true }).fill('2020-03-01');
	await page.getByRole('button', { name: 'Show' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		'The start date must not be after the end date.'
	);
	await page.getByLabel('From', { exact: true }).fill('2020-02-27');
	await page.getByRole('button', { name: 'Show' }).click();
	await expect(page.getByText('No usage yet in these days.')).toBeVisible();
	await page.getByRole('radio', { name: '30 days' }).check();
	await expect(rows).toHaveCount(31);

	// The bars take the theme's --brand: #1f4e5f in light, #7cc4d8 in dark.
	await expect.poll(() => chartsDrawIn(page, [31, 78, 95])).toBe(true);
	await page.emulateMedia({ colorScheme: 'dark' });
	await expect.poll(() => chartsDrawIn(page, [124, 196, 216])).toBe(true);
	expect(await chartsDrawIn(page, [31, 78, 95])).toBe(false);

	await page.setViewportSize(VIEWPORTS.phone);
	await expect(page.getByRole('heading', { name: 'Tokens per day' })).toBeVisible();
	await expect
		.poll(() => page.evaluate(() => document.documentElement.scrollWidth))
		.toBeLessThanOrEqual(390);

	// Offline: the page comes from the service worker and says why there are no numbers.
	await waitForServiceWorker(page);
	await context.setOffline(true);
	await page.reload();
	// Debian's Chromium may reload an offline context with navigator.onLine still true: the
	// request then fails as a server that cannot be reached would, until the browser's own state
	// says offline; or it says offline at once.
	await expect(page.getByText(/cannot be reached|You are offline\./).first()).toBeVisible();
	const cdp = await context.newCDPSession(page);
	const network = (offline: boolean) =>
		cdp.send('Network.emulateNetworkConditions', {
			offline,
			latency: 0,
			downloadThroughput: -1,
			uploadThroughput: -1
		});
	await network(true);
	await expect(page.getByText('You are offline.')).toBeVisible();
	await context.setOffline(false);
	await network(false);
	// Back online the page asks again by itself; if that came too soon, as a person would.
	await expect(async () => {
		const retry = page.getByRole('button', { name: 'Try again' });
		if (await retry.isVisible()) await retry.click({ timeout: 1000 });
		await expect(page.getByRole('heading', { name: 'Tokens per day' })).toBeVisible({
			timeout: 1000
		});
	}).toPass();

	await page.getByRole('link', { name: 'Back to chats' }).click();
	await expect(page).toHaveURL(/\/$/);

	const stranger = await browser.newPage({ baseURL: baseURL! });
	await stranger.goto('/usage');
	await expect(stranger.getByText('Sign in to see yours.')).toBeVisible();
	await expect(stranger.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/');
	await stranger.close();
});
