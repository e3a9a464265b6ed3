import { newAccount, signUp } from './helpers';
import { bubble, expect, replyTo, test, words } from './reply-server';

// The chat itself, not the service worker (tested on its own): none, as in a browser without one.
test.use({ serviceWorkers: 'block' });

test('Enter sends, Shift+Enter adds a line, and Esc stops the reply being written', async ({
	page,
	fake
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await signUp(page, newAccount());
	fake.behave({ kind: 'reply', text: words(80), chunkDelayMs: 100 });
	const message = page.getByRole('textbox', { name: 'Message' });
	const height = async () => (await message.boundingBox())?.height ?? 0;
	const oneRow = await height();
	await message.pressSequentially('first line');
	await message.press('Shift+Enter');
	await message.pressSequentially('second line');
	await expect(message).toHaveValue('first line\nsecond line');
	// The field grows with its lines, and is one row again once the message is sent.
	expect(await height()).toBeGreaterThan(oneRow);
	await message.press('Enter');
	await expect(message).toHaveValue('');
	await expect.poll(height).toBe(oneRow);

	const question = page.locator('li.user').filter({ hasText: 'first line' });
	// Two lines on screen (plain text, then markdown with a line break).
	await expect
		.poll(() => question.locator('.bubble').innerText())
		.toMatch(/^\s*first line\nsecond line\s*$/);
	const reply = replyTo(page, 'second line');
	await expect(bubble(reply)).toContainText('w3 ');
	await page.keyboard.press('Escape');
	await expect(reply).toHaveAttribute('data-status', 'stopped');
	expect((await bubble(reply).innerText()).length).toBeLessThan(words(80).length);
});
