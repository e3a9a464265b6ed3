import { newAccount, newChatButton, send, signUp } from './helpers';
import { submitAuthForm } from './account-helpers';
import { bubble, expect, replyTo, test, words } from './reply-server';

test('a reply shows word by word as the server writes it, and the page never calls /api/chat', async ({
	page,
	fake
}) => {
	const chatCalls: string[] = [];
	page.on('request', (request) => {
		if (new URL(request.url()).pathname === '/api/chat') chatCalls.push(request.url());
	});
	await signUp(page, newAccount());
	const text = words(24);
	fake.behave({ kind: 'reply', text, chunkDelayMs: 120 });
	await send(page, 'tell me a story');
	const reply = replyTo(page, 'tell me a story');
	await expect(reply).toHaveAttribute('data-status', 'streaming');
	// Every text the bubble shows while the reply is written.
	const seen = await page.evaluate(
		() =>
			new Promise<string[]>((resolve) => {
				const texts: string[] = [];
				const look = () => {
					const li = [...document.querySelectorAll('li.assistant')].at(-1);
					const shown = li?.querySelector('.bubble')?.textContent?.replace('▍', '').trim() ?? '';
					if (texts.at(-1) !== shown) texts.push(shown);
					if (li?.getAttribute('data-status') === 'streaming') requestAnimationFrame(look);
					else resolve(texts);
				};
				look();
			})
	);
	await expect(reply).toHaveAttribute('data-status', 'complete');
	await expect(bubble(reply)).toHaveText(text);
	// The server stores the text about every second: most of these came from the live events.
	expect(seen.length).toBeGreaterThan(8);
	expect(seen.every((shown) => text.startsWith(shown))).toBe(true);
	expect(chatCalls).toEqual([]);
});

test('a reply being written when the page reloads goes on and completes, once', async ({
	page,
	fake
}) => {
	await signUp(page, newAccount());
	const text = words(30);
	fake.behave({ kind: 'reply', text, chunkDelayMs: 100 });
	await send(page, 'reload while you answer');
	const reply = replyTo(page, 'reload while you answer');
	await expect(bubble(reply)).toContainText('w3 ');
	await page.reload();
	await expect(reply).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
	await expect(bubble(reply)).toHaveText(text);
	await expect(page.locator('li.assistant')).toHaveCount(1);
});

test('a reply being written when the tab closes is there, whole, when the app opens again', async ({
	context,
	page,
	fake
}) => {
	await signUp(page, newAccount());
	const text = words(30);
	fake.behave({ kind: 'reply', text, chunkDelayMs: 100 });
	await send(page, 'close the tab while you answer');
	await expect(bubble(replyTo(page, 'close the tab while you answer'))).toContainText('w3 ');
	await page.close();
	await new Promise((resolve) => setTimeout(resolve, 4_000));

	const again = await context.newPage();
	await again.goto('/');
	const reply = replyTo(again, 'close the tab while you answer');
	await expect(reply).toHaveAttribute('data-status', 'complete');
	await expect(bubble(reply)).toHaveText(text);
	await expect(again.locator('li.assistant')).toHaveCount(1);
});

test('a message sent on one device shows on another of the same user with no action there', async ({
	browser,
	page
}) => {
	const account = newAccount();
	await signUp(page, account);
	await send(page, 'first, before the other device');
	await expect(bubble(replyTo(page, 'first, before the other device'))).toHaveText(
		'Echo: first, before the other device'
	);

	const other = await browser.newContext();
	try {
		const second = await other.newPage();
		await second.goto('/');
		await submitAuthForm(second, account);
		await expect(second.getByText('Echo: first, before the other device')).toBeVisible();

		await send(page, 'sent on the first device');
		await expect(second.getByText('sent on the first device', { exact: true })).toBeVisible({
			timeout: 5_000
		});
		await expect(bubble(replyTo(second, 'sent on the first device'))).toHaveText(
			'Echo: sent on the first device'
		);
	} finally {
		await other.close();
	}
});

test('a message sent offline says its reply comes once online, and the reply comes by itself', async ({
	context,
	page
}) => {
	await signUp(page, newAccount());
	await newChatButton(page).click();
	await context.setOffline(true);
	await send(page, 'written offline');
	const question = page.locator('li.user').filter({ hasText: 'written offline' });
	await expect(question).toContainText('the reply comes once you are back online');

	await context.setOffline(false);
	await expect(bubble(replyTo(page, 'written offline'))).toHaveText('Echo: written offline', {
		timeout: 30_000
	});
	await expect(question).not.toContainText('the reply comes');
	await expect(page.getByRole('status')).toContainText('All synced');
	await expect(page.getByRole('alert')).toHaveCount(0);
});
