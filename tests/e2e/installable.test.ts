import { chromium, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions } from './chromium';

test('Chromium reports no installability errors for the app', async ({ baseURL }) => {
	// A plain context is incognito, which is never installable: use a persistent profile.
	const profile = mkdtempSync(join(tmpdir(), 'outpost-profile-'));
	const context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
	try {
		const page = await context.newPage();
		await page.goto(baseURL ?? '/');
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
			timeout: 20_000
		});
		const cdp = await context.newCDPSession(page);
		const manifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; url: string };
		expect(manifest.url).toContain('/manifest.webmanifest');
		expect(manifest.errors).toEqual([]);
		const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
			installabilityErrors: { errorId: string }[];
		};
		expect(installabilityErrors).toEqual([]);
	} finally {
		await context.close();
		rmSync(profile, { recursive: true, force: true });
	}
});
