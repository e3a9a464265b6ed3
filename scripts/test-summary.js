// @ts-check
// Prints one "N passed, N failed" line from the vitest and Playwright JSON reports.
// A failing run that produced no failed test (a type or lint error) counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const status = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;
let skipped = 0;

/** @param {string} path */
function read(path) {
	return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

const vitest = read('test-results/vitest.json');
if (vitest) {
	passed += vitest.numPassedTests ?? 0;
	failed += vitest.numFailedTests ?? 0;
	skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
}
const playwright = read('test-results/playwright.json');
if (playwright?.stats) {
	passed += (playwright.stats.expected ?? 0) + (playwright.stats.flaky ?? 0);
	failed += playwright.stats.unexpected ?? 0;
	skipped += playwright.stats.skipped ?? 0;
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
