import { newAccount, signUp } from './helpers';
import { bubble, expect, replyTo, test, words } from './reply-server';

test('Enter sends, Shift+Enter adds a line, and Esc stops the reply being written', async ({
	page,
	fake
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await signUp(page, newAccount());
	fake.behave({ kind: 'reply', text: words(80), chunkDelayMs: 100 });
	const message = page.getByRole('textbox', { name: 'Message' });
	await message.pressSequentially('first line');
	await message.press('Shift+Enter');
	await message.pressSequentially('second line');
	await expect(message).toHaveValue('first line\nsecond line');
	await message.press('Enter');
	await expect(message).toHaveValue('');

	const question = page.locator('li.user').filter({ hasText: 'first line' });
	await expect(question.locator('.bubble')).toHaveText('first line\nsecond line');
	const reply = replyTo(page, 'second line');
	await expect(bubble(reply)).toContainText('w3 ');
	await page.keyboard.press('Escape');
	await expect(reply).toHaveAttribute('data-status', 'stopped');
	expect((await bubble(reply).innerText()).length).toBeLessThan(words(80).length);
});
