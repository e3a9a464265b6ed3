import type { APIRequestContext, Page } from '@playwright/test';
import { at, batch, message, session } from '../support/records';
import { newAccount, newChatButton, openChat, send, signUp } from './helpers';
import { bubble, expect, replyTo, test } from './reply-server';

// The chat itself, not the service worker (tested on its own): none, as in a browser without one.
test.use({ serviceWorkers: 'block' });

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

const messagesList = (page: Page) => page.getByRole('list', { name: 'Messages' });
const jumpButton = (page: Page) => page.getByRole('button', { name: 'Jump to latest' });
/**
 * The newest reply. A tall reply pushes its question out of the rows drawn (only those on
 * screen are), so it is not found through its question here.
 */
const lastReply = (page: Page) => page.locator('li.assistant').last();

/** Stores a chat of `count` messages for the signed-in account over the sync API; its title. */
async function seedChat(request: APIRequestContext, count: number): Promise<string> {
	const id = `long-${Date.now().toString(36)}`;
	const title = `A chat of ${count}`;
	const records = [await session(id, { title, updatedAt: at(count + 1) })];
	for (let i = 0; i < count; i++) {
		records.push(
			await message(`${id}-${i}`, id, {
				role: i % 2 === 0 ? 'user' : 'assistant',
				// Some rows are taller than others.
				content: i % 5 === 0 ? `seeded message ${i}\nwith\nmore lines` : `seeded message ${i}`,
				createdAt: at(i + 1),
				updatedAt: at(i + 1)
			})
		);
	}
	for (let i = 0; i < records.length; i += 500) {
		const response = await request.post('/api/sync/push', {
			data: batch(records.slice(i, i + 500))
		});
		expect(response.status()).toBe(200);
	}
	return title;
}

/** Scrolls the conversation up by `pixels` with the mouse wheel, as a reader does. */
async function scrollUp(page: Page, pixels: number) {
	const box = await messagesList(page).locator('..').boundingBox();
	if (!box) throw new Error('no conversation on screen');
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await page.mouse.wheel(0, -pixels);
}

/** A multi-line reply: each chunk the fake streams is one line, so the bubble grows tall. */
const lines = (count: number) =>
	Array.from({ length: count }, (_, i) => `line ${i + 1}`).join('\n');

test('a long chat opens at its newest message with few rows in the page; scrolled up, Jump to latest brings the reader back', async ({
	page
}) => {
	await page.setViewportSize(PHONE);
	await signUp(page, newAccount());
	const title = await seedChat(page.request, 250);
	await page.reload();
	await openChat(page, title);
	const newest = messagesList(page).getByText('seeded message 249', { exact: true });
	await expect(newest).toBeInViewport();
	await expect(jumpButton(page)).toHaveCount(0);
	expect(await messagesList(page).locator('li').count()).toBeLessThan(30);

	await scrollUp(page, 1_500);
	await expect(jumpButton(page)).toBeVisible();
	await expect(newest).not.toBeInViewport();
	await jumpButton(page).click();
	await expect(newest).toBeInViewport();
	await expect(jumpButton(page)).toHaveCount(0);

	// The desktop: the view stays at the newest message when the window changes size.
	await page.setViewportSize(DESKTOP);
	await expect(newest).toBeInViewport();
	// Reading back through older pages, the page still holds only the rows on screen.
	// The scroll bar dragged to the top, again as each older page arrives.
	await expect(async () => {
		await messagesList(page)
			.locator('..')
			.evaluate((scroller) => scroller.scrollTo({ top: 0 }));
		await expect(page.getByText('Start of this chat')).toBeInViewport({ timeout: 300 });
	}).toPass({ intervals: [100] });
	await expect(messagesList(page).getByText('seeded message 1', { exact: true })).toBeVisible();
	expect(await messagesList(page).locator('li').count()).toBeLessThan(40);
	await expect(jumpButton(page)).toBeVisible();
	await jumpButton(page).click();
	await expect(newest).toBeInViewport();
});

test('the view follows a reply as it is written unless the reader scrolls up, and Send brings it back', async ({
	page,
	fake
}) => {
	await page.setViewportSize(PHONE);
	await signUp(page, newAccount());
	fake.behave({ kind: 'reply', text: lines(150), chunks: 150, chunkDelayMs: 60 });
	await send(page, 'a long answer please');
	const reply = lastReply(page);
	const scroller = messagesList(page).locator('..');
	// The reply's state line sits under its bubble: on screen, the reply's end is.
	const end = reply.locator('.meta');
	await expect(bubble(reply)).toContainText('line 20');
	await expect(end).toBeInViewport();
	await expect(bubble(reply)).toContainText('line 30');
	await expect(end).toBeInViewport();
	await expect(jumpButton(page)).toHaveCount(0);

	// Scrolled up, the reader keeps their place while the reply grows.
	await scrollUp(page, 300);
	await expect(jumpButton(page)).toBeVisible();
	await expect(end).not.toBeInViewport();
	const place = await scroller.evaluate((element) => element.scrollTop);
	await expect(bubble(reply)).toContainText('line 60');
	expect(await scroller.evaluate((element) => element.scrollTop)).toBe(place);
	await expect(end).not.toBeInViewport();
	await jumpButton(page).click();
	await expect(end).toBeInViewport();
	await expect(jumpButton(page)).toHaveCount(0);
	await expect(reply).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
	await expect(end).toBeInViewport();
	// The live region reads out the reply once written; the list itself is not live.
	await expect(page.getByRole('main').locator('[aria-live="polite"]')).toContainText(
		'Reply: line 1'
	);
	await expect(messagesList(page)).not.toHaveAttribute('aria-live');

	// The desktop: Send goes to the newest message even from far up.
	await page.setViewportSize(DESKTOP);
	fake.behave({ kind: 'reply', text: lines(12) });
	await scrollUp(page, 600);
	await expect(jumpButton(page)).toBeVisible();
	await send(page, 'and another');
	await expect(bubble(lastReply(page))).toContainText('line 12');
	await expect(bubble(lastReply(page))).toBeInViewport();
	await expect(jumpButton(page)).toHaveCount(0);
});

test('Copy puts a message on the clipboard; Edit and resend changes the question in place and gets a new reply', async ({
	context,
	page,
	fake
}) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await page.setViewportSize(PHONE);
	await signUp(page, newAccount());
	await send(page, 'first words');
	const reply = replyTo(page, 'first words');
	await expect(bubble(reply)).toHaveText('Echo: first words');
	await reply.getByRole('button', { name: 'Copy' }).click();
	await expect(reply.getByRole('button', { name: 'Copied' })).toBeVisible();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('Echo: first words');

	await page.setViewportSize(DESKTOP);
	const question = page.locator('li.user');
	await question.getByRole('button', { name: 'Edit' }).click();
	const editor = question.getByRole('textbox', { name: 'Edited message' });
	await expect(editor).toBeFocused();
	await editor.fill('better words');
	await question.getByRole('button', { name: 'Resend' }).click();
	await expect(bubble(question)).toHaveText('better words');
	await expect(bubble(replyTo(page, 'better words'))).toHaveText('Echo: better words');
	await expect(page.locator('li.user')).toHaveCount(1);
	await expect(page.locator('li.assistant')).toHaveCount(1);
	expect(fake.requests.at(-1)?.messages.at(-1)?.content).toBe('better words');
	// Only the newest question can be edited; Escape leaves the editor without a change.
	await send(page, 'second question');
	await expect(bubble(replyTo(page, 'second question'))).toHaveText('Echo: second question');
	await expect(page.locator('li.user').first().getByRole('button', { name: 'Edit' })).toHaveCount(
		0
	);
	await page.locator('li.user').last().getByRole('button', { name: 'Edit' }).click();
	await page.keyboard.press('Escape');
	await expect(bubble(page.locator('li.user').last())).toHaveText('second question');
});

test('a reply being written in one chat never shows in another', async ({
	browser,
	page,
	fake
}) => {
	// With an account: the server writes the reply.
	await page.setViewportSize(PHONE);
	await signUp(page, newAccount());
	fake.behave({ kind: 'reply', text: lines(30), chunks: 30, chunkDelayMs: 80 });
	await send(page, 'answer slowly');
	await expect(bubble(lastReply(page))).toContainText('line 3');
	await newChatButton(page).click();
	await expect(messagesList(page).locator('li')).toHaveCount(0);
	await page.waitForTimeout(500);
	await expect(page.getByText('line 3')).toHaveCount(0);
	await openChat(page, 'answer slowly');
	await expect(bubble(lastReply(page))).toContainText('line 30');

	// Without an account: the device writes the reply.
	const guest = await browser.newPage({ viewport: DESKTOP });
	try {
		await guest.goto('/');
		await guest.getByRole('button', { name: 'Chat without an account' }).click();
		// A long question makes a long reply: the demo model quotes it.
		await send(guest, 'word '.repeat(60).trim());
		await expect(guest.locator('li.streaming')).toBeVisible();
		await newChatButton(guest).click();
		await expect(messagesList(guest).locator('li')).toHaveCount(0);
		await expect(guest.getByText('You said')).toHaveCount(0);
		await guest.getByRole('button', { name: /^word word/ }).click();
		await expect(messagesList(guest).getByText(/You said/)).toBeVisible();
	} finally {
		await guest.close();
	}
});
