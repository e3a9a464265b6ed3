import { expect, test } from '@playwright/test';
import {
	newAccount,
	newChatButton,
	queuedPushes,
	reloadOffline,
	send,
	signUp,
	waitForReply,
	waitForServiceWorker
} from './helpers';

interface PulledRecord {
	type: string;
	op: string;
	data?: { content?: string };
}

test('a message written offline survives an offline reload, reaches the server on reconnect and gets its reply', async ({
	browser,
	page,
	context
}) => {
	const account = newAccount();
	await signUp(page, account);
	await waitForServiceWorker(page);

	await newChatButton(page).click();
	await send(page, 'hello while online');
	await waitForReply(page, 'You said: "hello while online"');

	await context.setOffline(true);
	await send(page, 'written while offline');
	await expect(page.getByText('written while offline')).toBeVisible();
	const question = page.locator('li.user').filter({ hasText: 'written while offline' });
	await expect(question).toContainText('the reply comes once you are back online');
	// The failed push is in the service worker's Background Sync queue.
	await expect.poll(() => queuedPushes(page)).toBeGreaterThan(0);

	const backOnline = await reloadOffline(page);
	await expect(page.getByText('written while offline')).toBeVisible();
	await expect(page.getByText('You said: "hello while online"')).toBeVisible();
	await expect(page.getByRole('status')).toContainText('Offline');
	await expect(question).toContainText('the reply comes once you are back online');

	await context.setOffline(false);
	await backOnline();

	const other = await browser.newContext();
	try {
		const login = await other.request.post('/api/auth/login', { data: account });
		expect(login.status()).toBe(200);
		await expect
			.poll(
				async () => {
					const pull = await other.request.get('/api/sync/pull');
					const body = (await pull.json()) as { records: PulledRecord[] };
					return body.records
						.filter((r) => r.type === 'message' && r.op === 'upsert')
						.map((r) => r.data?.content);
				},
				{ timeout: 30_000 }
			)
			.toContain('written while offline');
	} finally {
		await other.close();
	}
	// The server wrote the reply; the page shows it without being asked, and nothing of being
	// offline is left.
	await waitForReply(page, 'You said: "written while offline"');
	await expect(question).not.toContainText('the reply comes');
	await expect(page.getByRole('status')).toContainText('All synced');
	await expect(page.getByRole('alert')).toHaveCount(0);
});
