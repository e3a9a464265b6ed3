import { expect, test } from '@playwright/test';
import { newChatButton, send, waitForReply } from './helpers';

test('a message the device could not save stays in the composer, and the page says why', async ({
	page
}) => {
	await page.goto('/');
	await page.getByRole('button', { name: 'Chat without an account' }).click();
	await newChatButton(page).click();
	await send(page, 'saved while the journal is there');
	await waitForReply(page, 'You said: "saved while the journal is there"');

	// The site's data is cleared elsewhere (another tab, the browser's settings): the journal's
	// connection closes and the next write fails.
	const names = await page.evaluate(async () =>
		(await indexedDB.databases()).flatMap((d) => (d.name ? [d.name] : []))
	);
	const journal = names.find((name) => name.startsWith('outpost-journal-'));
	expect(journal).toBeDefined();
	await page.evaluate(
		(name) =>
			new Promise<void>((resolve, reject) => {
				const request = indexedDB.deleteDatabase(name);
				request.onsuccess = () => resolve();
				request.onerror = () => reject(request.error);
			}),
		journal as string
	);

	await send(page, 'not saved');
	await expect(page.getByRole('alert')).toContainText('Reload the page, then send it again');
	await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('not saved');
	await expect(page.getByRole('list', { name: 'Messages' })).not.toContainText('not saved');
});
