import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from '@playwright/test';
import { build } from 'vite';
import { signUp } from '../../tests/support/api-client';
import { conversation } from './conversation';
import { pushRecords } from './seeded-history';
import { WORKER_DIFF_SESSION } from './worker-diff/session';
import type { WorkerDiffFigures } from './worker-diff/page';

const PAGE_ROOT = fileURLToPath(new URL('./worker-diff', import.meta.url));
const LIB = fileURLToPath(new URL('../../src/lib', import.meta.url));
/** Where the bench page is served, at the app's origin (no page of the app lives there). */
const BASE = '/bench-worker-diff/';

/** Bundles worker-diff/page.ts with the app's worker client and worker, as the app's build does. */
async function bundle(outDir: string): Promise<void> {
	await build({
		configFile: false,
		root: PAGE_ROOT,
		base: BASE,
		logLevel: 'warn',
		resolve: { alias: { $lib: LIB } },
		worker: { format: 'es' },
		build: { outDir, emptyOutDir: true, target: 'esnext' }
	});
}

/**
 * Measures the sync worker's `save` of a whole conversation of each of `sizes` messages with
 * one message changed, in Chromium on real IndexedDB, once the worker has pulled that
 * conversation (seeded over HTTP for a new account) from the server at `baseUrl`. The page is served at the server's origin by
 * Playwright from a bundle in a temporary folder (removed after), so that the worker's
 * requests are same-origin, as in the app.
 */
export async function measureWorkerDiff(
	browser: Browser,
	baseUrl: string,
	sizes: readonly number[],
	runs: number
): Promise<Map<number, WorkerDiffFigures>> {
	const outDir = mkdtempSync(join(tmpdir(), 'outpost-bench-worker-'));
	try {
		await bundle(outDir);
		const figures = new Map<number, WorkerDiffFigures>();
		for (const size of sizes) {
			const account = await signUp(baseUrl);
			await pushRecords(baseUrl, account, conversation(size, WORKER_DIFF_SESSION));
			const context = await browser.newContext({ baseURL: baseUrl });
			try {
				await context.addCookies([{ name: 'outpost_session', value: account.token, url: baseUrl }]);
				await context.route(`${baseUrl}${BASE}**`, async (route) => {
					const file = join(outDir, new URL(route.request().url()).pathname.slice(BASE.length));
					if (existsSync(file)) await route.fulfill({ path: file });
					else await route.fulfill({ status: 404 });
				});
				const page = await context.newPage();
				await page.goto(`${BASE}index.html`);
				await page.waitForFunction(() => typeof window.outpostWorkerDiff === 'function');
				const args = [account.user.id, size, runs] as const;
				figures.set(
					size,
					await page.evaluate(([user, n, times]) => window.outpostWorkerDiff(user, n, times), args)
				);
			} finally {
				await context.close();
			}
		}
		return figures;
	} finally {
		rmSync(outDir, { recursive: true, force: true });
	}
}
