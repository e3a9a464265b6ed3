import { expect, test } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { watchViolations } from './csp-violations';
import {
	newAccount,
	newChatButton,
	queuedPushes,
	send,
	signUp,
	waitForReply,
	waitForServiceWorker
} from './helpers';

test('the app runs under its Content Security Policy without a single violation', async ({
	context,
	page
}) => {
	const violations = watchViolations(context, page);
	const response = await page.goto('/');
	expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
	await signUp(page, newAccount());
	await waitForServiceWorker(page);
	// The sync worker (a module worker), the service worker and the API all in use.
	await newChatButton(page).click();
	await send(page, 'hello under a strict policy');
	// The whole reply is saved before the page reloads.
	await waitForReply(page, 'You said: "hello under a strict policy"');
	await expect(page.getByRole('status')).toContainText('All synced');
	// The precached page, served by the service worker, runs under the same policy.
	await page.reload();
	await expect(newChatButton(page)).toBeVisible();
	await expect(page.getByText('You said: "hello under a strict policy"')).toBeVisible();
	expect(violations).toEqual([]);
});

test('the app refuses to load in a frame of another site', async ({ page, baseURL }) => {
	const app = new URL('/', baseURL).href;
	// Another site on this machine: `localhost` is a site of its own beside 127.0.0.1.
	const attacker = createServer((_req, res) => {
		res.writeHead(200, { 'content-type': 'text/html' });
		res.end(`<!doctype html><title>attacker</title><iframe src="${app}"></iframe>`);
	});
	await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
	const messages: string[] = [];
	page.on('console', (message) => messages.push(message.text()));
	try {
		const { port } = attacker.address() as AddressInfo;
		await page.goto(`http://localhost:${port}/`);
		await expect.poll(() => messages.join('\n')).toContain("frame-ancestors 'none'");
		const frame = page.frames().find((f) => f !== page.mainFrame());
		expect(frame?.url()).not.toBe(app);
		await expect(page.frameLocator('iframe').getByRole('button', { name: 'Sign up' })).toHaveCount(
			0
		);
	} finally {
		attacker.closeAllConnections();
		await new Promise((resolve) => attacker.close(resolve));
	}
});

test('the service worker replays a queued push past the cross-site check', async ({
	context,
	page
}) => {
	const pushes: { status: number; fromServiceWorker: boolean }[] = [];
	context.on('response', (response) => {
		if (new URL(response.url()).pathname !== '/api/sync/push') return;
		pushes.push({
			status: response.status(),
			fromServiceWorker: response.request().serviceWorker() !== null
		});
	});
	await signUp(page, newAccount());
	await waitForServiceWorker(page);
	await newChatButton(page).click();
	await send(page, 'sent online');
	await expect(page.getByRole('status')).toContainText('All synced');

	await context.setOffline(true);
	await send(page, 'queued offline');
	await expect.poll(() => queuedPushes(page)).toBeGreaterThan(0);
	const before = pushes.length;
	await context.setOffline(false);

	// The queue drains once its replay has reached the server.
	await expect.poll(() => queuedPushes(page), { timeout: 30_000 }).toBe(0);
	await expect(page.getByRole('status')).toContainText('All synced');
	const after = pushes.slice(before);
	expect(after.some((p) => p.fromServiceWorker && p.status === 200)).toBe(true);
	expect(pushes.filter((p) => p.status === 403)).toEqual([]);
});
