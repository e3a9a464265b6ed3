// `npm run screenshots`: PNGs of the main screens at phone (390×844) and desktop (1280×800)
// size, light and dark, written to docs/screenshots/ as `<screen>-<size>-<theme>.png`.
// Builds nothing: run `npm run build` first. Starts the production build on a throwaway
// embedded database (a temporary DATA_DIR), seeds an account over HTTP, and drives Debian's
// Chromium. SCREENSHOTS_DIR writes elsewhere.
import { chromium, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumLaunchOptions } from '../e2e/chromium';
import { startServer } from '../support/server-process';
import { seedShowcaseAccount } from '../support/showcase-account';
import {
	openDrawer,
	showChat,
	showSignIn,
	showUsage,
	showWelcome,
	signInContext,
	THEMES,
	VIEWPORTS,
	type ThemeName,
	type ViewportName
} from '../support/screens';
import type { Account } from '../support/api-client';

const OUT =
	process.env.SCREENSHOTS_DIR ?? fileURLToPath(new URL('../../docs/screenshots', import.meta.url));

type Shoot = (name: string, options?: { fullPage?: boolean }) => Promise<void>;

/** Every screen of one size and theme: a context per account, as a person's browser would be. */
async function shootAll(
	browser: Browser,
	baseUrl: string,
	showcase: Account,
	size: ViewportName,
	theme: ThemeName
): Promise<string[]> {
	const written: string[] = [];
	const open = async (signedInAs?: Account) => {
		const context = await browser.newContext({
			baseURL: baseUrl,
			viewport: VIEWPORTS[size],
			colorScheme: theme,
			reducedMotion: 'reduce',
			locale: 'en-US',
			timezoneId: 'UTC'
		});
		if (signedInAs) await signInContext(context, baseUrl, signedInAs);
		return { context, page: await context.newPage() };
	};
	const shooter =
		(page: Page): Shoot =>
		async (name, options = {}) => {
			const path = join(OUT, `${name}-${size}-${theme}.png`);
			await page.screenshot({ path, animations: 'disabled', caret: 'hide', ...options });
			written.push(path);
		};

	const guest = await open();
	await showSignIn(guest.page);
	await shooter(guest.page)('sign-in');
	await guest.context.close();

	const newcomer = await open();
	await showWelcome(newcomer.page, baseUrl);
	await shooter(newcomer.page)('welcome');
	await newcomer.context.close();

	const user = await open(showcase);
	const shoot = shooter(user.page);
	await showChat(user.page);
	await shoot('chat');
	if (size === 'phone') {
		if (await openDrawer(user.page)) await shoot('drawer');
		else console.warn('no chat-list drawer button at phone size: drawer screenshot skipped');
		await user.page.goto('/');
		await showChat(user.page);
	}
	await showUsage(user.page);
	await shoot('usage', { fullPage: true });
	await user.context.close();
	return written;
}

mkdirSync(OUT, { recursive: true });
// A busy machine can take a while to open the embedded database.
const server = await startServer({ launcher: 'node-build', startTimeoutMs: 180_000 });
let browser: Browser | undefined;
try {
	const showcase = await seedShowcaseAccount(server.url);
	browser = await chromium.launch(chromiumLaunchOptions());
	for (const size of Object.keys(VIEWPORTS) as ViewportName[]) {
		for (const theme of THEMES) {
			const written = await shootAll(browser, server.url, showcase, size, theme);
			for (const path of written) console.log(path);
		}
	}
} finally {
	await browser?.close();
	await server.stop();
}
