import { expect, test, type Page, type Route } from '@playwright/test';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newPgliteDataDir } from '../support/pglite-template';
import { startServer } from '../support/server-process';
import { newAccount, newChatButton, send, signUp, waitForServiceWorker } from './helpers';
import { PUSH_ROUTE } from './service-worker-tools';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Whether the page's registration has a version waiting to take over. */
const updateWaiting = (page: Page) =>
	page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting != null);

/**
 * A copy of the build in the project (where Node finds its packages) whose service worker
 * `nextVersion` changes by a byte, as a new deployment would: compressed copies removed.
 */
function copyBuild(): { dir: string; nextVersion(): void; remove(): void } {
	const dir = mkdtempSync(join(ROOT, 'test-results', 'pwa-update-build-'));
	cpSync(join(ROOT, 'build'), dir, { recursive: true });
	const script = join(dir, 'client', 'service-worker.js');
	return {
		dir,
		nextVersion() {
			appendFileSync(script, '\n// the next version\n');
			for (const copy of [`${script}.br`, `${script}.gz`]) rmSync(copy, { force: true });
		},
		remove: () => rmSync(dir, { recursive: true, force: true })
	};
}

test('a new version waits for the user, and takes over on Reload only once the push on its way has ended', async ({
	context,
	page
}) => {
	test.setTimeout(120_000);
	const build = copyBuild();
	const dataDir = await newPgliteDataDir(mkdtempSync(join(tmpdir(), 'outpost-update-')));
	let server = await startServer({ buildDir: build.dir, dataDir });
	const port = Number(new URL(server.url).port);
	try {
		const account = newAccount();
		await page.goto(server.url);
		await page.getByLabel('Email').fill(account.email);
		await page.getByLabel('Password').fill(account.password);
		await page.getByRole('button', { name: 'Sign up' }).click();
		await expect(newChatButton(page)).toBeVisible();
		await waitForServiceWorker(page);
		await expect(page.getByRole('group', { name: 'Update' })).toHaveCount(0);

		// A new version is deployed; the page's next update check finds it.
		await server.stop();
		build.nextVersion();
		server = await startServer({ buildDir: build.dir, dataDir, port });
		await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
		const banner = page.getByRole('group', { name: 'Update' });
		await expect(banner).toContainText('A new version of Outpost is ready.');
		expect(await updateWaiting(page)).toBe(true);

		// A push on its way, held at the network.
		let release = () => {};
		const held = new Promise<void>((resolve) => (release = resolve));
		let reached = 0;
		let passedOn = () => {};
		const sent = new Promise<void>((resolve) => (passedOn = resolve));
		await context.route(PUSH_ROUTE, async (route: Route) => {
			reached++;
			await held;
			await route.continue();
			passedOn();
		});
		await newChatButton(page).click();
		await send(page, 'sent while an update waits');
		await expect.poll(() => reached).toBeGreaterThan(0);

		await page.evaluate(() => ((window as { beforeUpdate?: boolean }).beforeUpdate = true));
		await banner.getByRole('button', { name: 'Reload to update' }).click();
		await expect(banner.getByRole('button', { name: 'Updating…' })).toBeDisabled();
		// Held: the new version does not take over while the push is on its way.
		await page.waitForTimeout(1_500);
		expect(await updateWaiting(page)).toBe(true);
		expect(await page.evaluate(() => (window as { beforeUpdate?: boolean }).beforeUpdate)).toBe(
			true
		);

		release();
		await sent;
		// Playwright's interception of the service worker's requests would hold it up itself.
		await context.unroute(PUSH_ROUTE);
		// The page reloads into the new version (a reload mid-poll reads as `navigating`).
		await expect
			.poll(
				() =>
					page
						.evaluate(() => (window as { beforeUpdate?: boolean }).beforeUpdate ?? 'reloaded')
						.catch(() => 'navigating'),
				{ timeout: 20_000 }
			)
			.toBe('reloaded');
		await expect(newChatButton(page)).toBeVisible();
		await expect(banner).toHaveCount(0);
		expect(await updateWaiting(page)).toBe(false);
		await expect(page.locator('li.user .bubble')).toHaveText(['sent while an update waits']);
		await expect(page.getByRole('status')).toContainText('All synced');
	} finally {
		await server.stop();
		build.remove();
		rmSync(dataDir, { recursive: true, force: true });
	}
});

test('a first visit says the app is ready to work offline; the menu offers Install when the browser does, and not once installed', async ({
	page
}) => {
	await page.goto('/');
	await expect(page.getByRole('group', { name: 'Offline' })).toContainText(
		'Ready to work offline.'
	);
	await waitForServiceWorker(page);
	await signUp(page, newAccount());
	// Said once: not again on the next page load.
	await expect(page.getByRole('group', { name: 'Offline' })).toHaveCount(0);

	const install = page.getByRole('button', { name: 'Install' });
	await expect(install).toHaveCount(0);
	// What Chromium fires when the app may be installed; `prompt` shows its dialog.
	await page.evaluate(() => {
		const offer = new Event('beforeinstallprompt', { cancelable: true }) as Event & {
			prompt(): Promise<void>;
			userChoice: Promise<{ outcome: string }>;
		};
		offer.prompt = async () => {
			(window as { prompted?: boolean }).prompted = true;
		};
		offer.userChoice = Promise.resolve({ outcome: 'accepted' });
		dispatchEvent(offer);
	});
	await expect(install).toBeVisible();
	await install.click();
	expect(await page.evaluate(() => (window as { prompted?: boolean }).prompted)).toBe(true);
	await page.evaluate(() => dispatchEvent(new Event('appinstalled')));
	await expect(install).toHaveCount(0);
});
