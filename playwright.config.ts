import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions } from './tests/e2e/chromium';

const PORT = Number(process.env.E2E_PORT ?? 4173);
// A fresh embedded database for every run.
const dataDir = mkdtempSync(join(tmpdir(), 'outpost-e2e-'));

export default defineConfig({
	testDir: 'tests/e2e',
	// Its own folder: Playwright empties outputDir at start, and test-results/ holds vitest's report.
	outputDir: 'test-results/e2e',
	timeout: 90_000,
	expect: { timeout: 15_000 },
	// Two files at a time: most of a test is waiting (for the sync's coalescing, a reply, the
	// service worker), so two halve much of the wait on two cores; more starve the browsers.
	fullyParallel: false,
	workers: 2,
	retries: 0,
	reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		launchOptions: chromiumLaunchOptions(),
		// A trace costs a test about a third more of Chromium's time (its screencast and DOM
		// snapshots); E2E_TRACE=1 keeps one for each test that fails, to open with
		// `npx playwright show-trace`.
		trace: process.env.E2E_TRACE ? 'retain-on-failure' : 'off',
		screenshot: 'only-on-failure'
	},
	webServer: {
		command: 'node scripts/start.js',
		url: `http://127.0.0.1:${PORT}/api/health`,
		timeout: 120_000,
		reuseExistingServer: false,
		stdout: 'pipe',
		// Every test signs up a new account from this one address.
		env: { PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: dataDir, SIGNUP_RATE_LIMIT: '0' }
	}
});
