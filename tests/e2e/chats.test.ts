import { expect, test, type Locator, type Page } from '@playwright/test';
import { at, batch, message, session } from '../support/records';
import { chatList, closeChatList, newAccount, send, signUp, waitForReply } from './helpers';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** The titles of the list's chats, top to bottom. */
const titles = (list: Locator) =>
	list
		.getByRole('listitem')
		.getByRole('button', { name: /^(?!Actions for )/ })
		.allInnerTexts();

/** The titles of the account's chats the server holds, read through the API. */
async function serverTitles(page: Page): Promise<string[]> {
	const pull = await page.request.get('/api/sync/pull?limit=1000');
	expect(pull.status()).toBe(200);
	const body = (await pull.json()) as {
		records: { type: string; op: string; data?: { title?: string } }[];
	};
	return body.records
		.filter((r) => r.type === 'session' && r.op === 'upsert')
		.map((r) => r.data?.title ?? '')
		.sort();
}

/** Stores chats for the signed-in account over the sync API: each with one message. */
async function seedChats(page: Page, chats: { id: string; title: string; text: string }[]) {
	const records = [];
	for (const [i, chat] of chats.entries()) {
		records.push(await session(chat.id, { title: chat.title, createdAt: at(i), updatedAt: at(i) }));
		records.push(
			await message(`${chat.id}-m`, chat.id, {
				content: chat.text,
				createdAt: at(i + 1),
				updatedAt: at(i + 1)
			})
		);
	}
	const response = await page.request.post('/api/sync/push', { data: batch(records) });
	expect(response.status()).toBe(200);
	// The page hears of them over its live events.
	const list = await chatList(page);
	for (const chat of chats) {
		await expect(list.getByRole('button', { name: chat.title, exact: true })).toBeVisible();
	}
}

/** Opens a chat's "…" menu and picks an action. */
async function chatAction(list: Locator, title: string, action: 'Rename' | 'Delete') {
	await list.getByRole('button', { name: `Actions for ${title}`, exact: true }).click();
	await list.page().getByRole('menuitem', { name: action }).click();
}

test('a chat renamed inline keeps its title after a reload and on the server; an empty title is refused; Ctrl+K searches', async ({
	page
}) => {
	await page.setViewportSize(PHONE);
	await signUp(page, newAccount());
	await (
		await chatList(page)
	)
		.getByRole('button', { name: 'New chat', exact: true })
		.first()
		.click();

	let list = await chatList(page);
	await chatAction(list, 'New chat', 'Rename');
	const field = list.getByRole('textbox', { name: 'Chat title' });
	await expect(field).toBeFocused();
	await field.fill('   ');
	await field.press('Enter');
	await expect(list.getByRole('alert')).toHaveText(/needs a title/);
	await field.press('Escape');
	await expect(field).toHaveCount(0);
	await chatAction(list, 'New chat', 'Rename');
	await field.fill('Porto weekend');
	await field.press('Enter');
	await expect(list.getByRole('button', { name: 'Porto weekend', exact: true })).toBeVisible();

	// On a desktop, by keyboard alone: the "…" button, Rename, type, Enter.
	await page.setViewportSize(DESKTOP);
	list = await chatList(page);
	await list.getByRole('button', { name: 'Actions for Porto weekend' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('menuitem', { name: 'Rename' })).toBeFocused();
	await page.keyboard.press('Enter');
	await field.fill('Porto trip');
	await page.keyboard.press('Enter');
	await expect(list.getByRole('button', { name: 'Porto trip', exact: true })).toBeFocused();

	await page.keyboard.press('Control+k');
	await expect(page.getByRole('searchbox', { name: 'Search chats' })).toBeFocused();

	await expect.poll(() => serverTitles(page), { timeout: 15_000 }).toEqual(['Porto trip']);
	await page.reload();
	await expect(
		(await chatList(page)).getByRole('button', { name: 'Porto trip', exact: true })
	).toBeVisible();
});

test('a deleted chat leaves at once; Undo keeps it, a reload in time keeps it, and without Undo the server deletes it too', async ({
	page
}) => {
	await page.setViewportSize(PHONE);
	await signUp(page, newAccount());
	await seedChats(page, [
		{ id: 'alpha', title: 'Alpha', text: 'first chat' },
		{ id: 'beta', title: 'Beta', text: 'second chat' }
	]);
	let list = await chatList(page);
	await chatAction(list, 'Alpha', 'Delete');
	await expect(list.getByRole('button', { name: 'Alpha', exact: true })).toHaveCount(0);
	const toast = page.getByRole('group', { name: 'Deleted chat' });
	await expect(toast).toContainText('Chat deleted');
	await toast.getByRole('button', { name: 'Undo' }).click();
	await expect(toast).toHaveCount(0);
	await expect(list.getByRole('button', { name: 'Alpha', exact: true })).toBeVisible();

	// A reload before the Undo time is up deletes nothing.
	await chatAction(list, 'Beta', 'Delete');
	await page.reload();
	list = await chatList(page);
	await expect(list.getByRole('button', { name: 'Beta', exact: true })).toBeVisible();

	await page.setViewportSize(DESKTOP);
	list = await chatList(page);
	await chatAction(list, 'Alpha', 'Delete');
	await expect(toast).toBeVisible();
	await expect(toast).toHaveCount(0, { timeout: 10_000 });
	await expect.poll(() => serverTitles(page), { timeout: 10_000 }).toEqual(['Beta']);
	await expect(list.getByRole('button', { name: 'Alpha', exact: true })).toHaveCount(0);
});

test("the search finds a message's words offline and opens its chat", async ({ page, context }) => {
	await page.setViewportSize(PHONE);
	await signUp(page, newAccount());
	await seedChats(page, [
		{ id: 'food', title: 'Groceries', text: 'Buy saffron, rice and crème fraîche' },
		{ id: 'trip', title: 'Trip', text: 'Book the hotel near the river' }
	]);
	await context.setOffline(true);

	let list = await chatList(page);
	await list.getByRole('searchbox', { name: 'Search chats' }).fill('SAFFRON creme');
	const results = list.getByRole('list', { name: 'Search results' });
	await expect(results.getByRole('button')).toHaveCount(1);
	await expect(results.locator('mark').first()).toHaveText('saffron');
	await results.getByRole('button').click();
	await expect(page.getByRole('list', { name: 'Messages' })).toContainText('Buy saffron');

	await page.setViewportSize(DESKTOP);
	list = await chatList(page);
	await page.keyboard.press('Control+k');
	await page.keyboard.type('river hotel');
	await expect(list.getByRole('list', { name: 'Search results' })).toContainText('Trip');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('list', { name: 'Messages' })).toContainText('near the river');
	await page.keyboard.press('Escape');
	await expect(list.getByRole('button', { name: 'Groceries', exact: true })).toBeVisible();
	await context.setOffline(false);
});

test('New chat reuses the empty chat; chats are ordered by last activity; long titles are cut', async ({
	page
}) => {
	await page.setViewportSize(PHONE);
	await signUp(page, newAccount());
	const newChat = async () =>
		(await chatList(page)).getByRole('button', { name: 'New chat', exact: true }).first().click();
	await newChat();
	await newChat();
	let list = await chatList(page);
	await expect(list.getByRole('listitem')).toHaveCount(1);
	await closeChatList(page);

	const long = 'A rather long first message that becomes the title of this chat and goes on and on';
	await send(page, long);
	await waitForReply(page, `You said: "${long}"`);
	await newChat();
	await newChat();
	await send(page, 'second chat');
	await waitForReply(page, 'You said: "second chat"');
	list = await chatList(page);
	await expect(list.getByRole('listitem')).toHaveCount(2);
	expect((await titles(list))[0]).toBe('second chat');

	// The long title is cut with an ellipsis and nothing overflows the phone's width.
	const title = list.getByRole('button', { name: /^A rather long/ }).locator('.title');
	expect(await title.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
	expect(await title.evaluate((el) => getComputedStyle(el).textOverflow)).toBe('ellipsis');
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

	// A message sent in the older chat brings it to the top.
	await page.setViewportSize(DESKTOP);
	list = await chatList(page);
	await list.getByRole('button', { name: /^A rather long/ }).click();
	await send(page, 'back to the first');
	await waitForReply(page, 'You said: "back to the first"');
	await expect.poll(async () => (await titles(list))[0]).toMatch(/^A rather long/);
});
