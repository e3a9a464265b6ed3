import type { BrowserContext, Page } from '@playwright/test';

/**
 * Collects every Content Security Policy violation the page, its workers and its service worker
 * report: `securitypolicyviolation` events of the document and the console messages Chromium
 * writes for a refused load or script.
 */
export function watchViolations(context: BrowserContext, page: Page): string[] {
	const violations: string[] = [];
	const isViolation = (text: string) => /Content Security Policy|Refused to/i.test(text);
	context.on('console', (message) => {
		if (isViolation(message.text())) violations.push(message.text());
	});
	page.on('worker', (worker) =>
		worker.on('console', (message) => {
			if (isViolation(message.text())) violations.push(`worker: ${message.text()}`);
		})
	);
	context.on('serviceworker', (worker) =>
		worker.on('console', (message) => {
			if (isViolation(message.text())) violations.push(`service worker: ${message.text()}`);
		})
	);
	void page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (event) => {
			console.error(`Refused to load (CSP ${event.violatedDirective}): ${event.blockedURI}`);
		});
	});
	return violations;
}
