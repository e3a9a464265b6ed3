import {
	expect,
	type BrowserContext,
	type Locator,
	type Page,
	type Worker
} from '@playwright/test';

/** A fresh account's credentials. */
export function newAccount() {
	const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
	return { email: `user-${tag}@example.test`, password: `pw-${tag}-long` };
}

/** Signs up through the page's form and waits for the chat. */
export async function signUp(page: Page, account: { email: string; password: string }) {
	await page.goto('/');
	await page.getByLabel('Email').fill(account.email);
	await page.getByLabel('Password').fill(account.password);
	await page.getByRole('button', { name: 'Sign up' }).click();
	await expect(newChatButton(page)).toBeVisible();
}

/** Opens another tab of the context on the app, signed in as its other tabs are. */
export async function openSignedInTab(context: BrowserContext): Promise<Page> {
	const page = await context.newPage();
	await page.goto('/');
	await expect(newChatButton(page)).toBeVisible();
	return page;
}

/** Waits until the service worker controls the page. */
export async function waitForServiceWorker(page: Page) {
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
		timeout: 20_000
	});
}

/** Sends a message with the composer. */
export async function send(page: Page, text: string) {
	await page.getByRole('textbox', { name: 'Message' }).fill(text);
	await page.getByRole('button', { name: 'Send' }).click();
}

/** Below 768 px the chat list is a drawer. */
const isPhone = (page: Page) => (page.viewportSize()?.width ?? 1280) < 768;

/**
 * The chat list, shown: on a phone it sits in a drawer that the "Chats" button opens.
 * The drawer is inert while closed, so the list is not found until it opens.
 */
export async function chatList(page: Page): Promise<Locator> {
	if (isPhone(page)) {
		const toggle = page.getByRole('button', { name: 'Chats', exact: true });
		await expect(toggle).toBeVisible();
		if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
	}
	const list = page.getByRole('navigation', { name: 'Conversations' });
	await expect(list).toBeInViewport();
	return list;
}

/** Closes the phone's chat list, which keeps the conversation inert while it is open. */
export async function closeChatList(page: Page) {
	if (!isPhone(page)) return;
	const toggle = page.getByRole('button', { name: 'Chats', exact: true });
	if ((await toggle.getAttribute('aria-expanded')) === 'true') {
		await page.getByRole('button', { name: 'Close chats' }).click();
	}
	await expect(toggle).toHaveAttribute('aria-expanded', 'false');
}

/** Opens a chat from the list by its title (on a phone the drawer closes behind it). */
export async function openChat(page: Page, title: string | RegExp) {
	const list = await chatList(page);
	await list.getByRole('button', { name: title, exact: typeof title === 'string' }).click();
}

/** Waits until the reply to the last message is written whole and saved on the device. */
export async function waitForReply(page: Page, text: string) {
	await expect(page.getByRole('listitem').filter({ hasText: text }).first()).toBeVisible();
	await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
	await expect(
		page
			.getByRole('listitem')
			.filter({ hasText: text })
			.getByText(/Synced|Saved on this device/)
	).toBeVisible();
}

/** How many requests the service worker's Background Sync queue holds (Workbox's IndexedDB). */
export async function queuedPushes(page: Page): Promise<number> {
	return page.evaluate(
		() =>
			new Promise<number>((resolve, reject) => {
				const open = indexedDB.open('workbox-background-sync');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					if (!db.objectStoreNames.contains('requests')) {
						db.close();
						resolve(0);
						return;
					}
					const count = db.transaction('requests').objectStore('requests').count();
					count.onsuccess = () => {
						db.close();
						resolve(count.result);
					};
					count.onerror = () => reject(count.error);
				};
			})
	);
}

/**
 * The bodies of the requests the Background Sync queue holds, oldest first, read from a page of
 * the app or from the service worker itself (when no page is open).
 */
export async function queuedPushBodies(target: Page | Worker): Promise<string[]> {
	const read = () =>
		new Promise<string[]>((resolve, reject) => {
			const open = indexedDB.open('workbox-background-sync');
			open.onerror = () => reject(open.error);
			open.onsuccess = () => {
				const db = open.result;
				if (!db.objectStoreNames.contains('requests')) {
					db.close();
					resolve([]);
					return;
				}
				const all = db.transaction('requests').objectStore('requests').getAll();
				all.onsuccess = () => {
					db.close();
					const entries = all.result as { requestData: { body?: ArrayBuffer } }[];
					resolve(entries.map((e) => new TextDecoder().decode(e.requestData.body)));
				};
				all.onerror = () => reject(all.error);
			};
		});
	return 'mainFrame' in target ? target.evaluate(read) : target.evaluate(read);
}

/**
 * Reloads a page of an offline context and makes sure the new document sees itself offline.
 * Playwright's `setOffline` blocks the requests of the reloaded document, but Debian's
 * Chromium 150 starts it with `navigator.onLine` true; emulating the network state again on
 * the page's own CDP session sets it, and fires `offline` as a real browser's state would.
 * That emulation outlasts `setOffline(false)` for the page's own requests (its sync worker's
 * pulls): call the function this returns to lift it once the context is back online.
 */
export async function reloadOffline(page: Page): Promise<() => Promise<void>> {
	await page.reload();
	// The app is listening for `offline` once it shows its sync status.
	await expect(page.getByRole('status')).toBeVisible();
	// The session stays attached: detaching it would lift the emulation again.
	const cdp = await page.context().newCDPSession(page);
	const emulate = (offline: boolean) =>
		cdp.send('Network.emulateNetworkConditions', {
			offline,
			latency: 0,
			downloadThroughput: -1,
			uploadThroughput: -1
		});
	await emulate(true);
	return async () => {
		await emulate(false);
	};
}

/** A row of the open conversation: its message id, its list item's classes and its bubble's text. */
export interface ShownRow {
	id: string;
	className: string;
	text: string;
}

/**
 * Every row of the open conversation, in order. The page holds the newest messages and reads
 * older ones when the list is scrolled to its top, so this first scrolls to the top until no
 * more arrive; the list draws only the rows on screen, so it then scrolls from top to bottom,
 * half a screen at a time, reading the rows drawn at each stop, and leaves it at the bottom.
 */
export async function readConversation(page: Page): Promise<ShownRow[]> {
	return page.evaluate(async () => {
		const list = document.querySelector('ol[aria-label="Messages"]');
		const scroller = list?.parentElement;
		if (!list || !scroller) return [];
		const rows = new Map<string, { id: string; className: string; text: string }>();
		for (let unchanged = 0; unchanged < 5;) {
			const height = scroller.scrollHeight;
			scroller.scrollTop = 0;
			// At the top already, setting it fires no scroll: the list hears one as from a wheel.
			scroller.dispatchEvent(new Event('scroll'));
			await new Promise((done) => setTimeout(done, 100));
			unchanged = scroller.scrollHeight === height ? unchanged + 1 : 0;
		}
		for (;;) {
			// Two frames: the list hears the scroll, then draws the rows it brought.
			await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
			for (const li of list.querySelectorAll<HTMLElement>(':scope > li')) {
				const id = li.dataset.id ?? `row-${rows.size}`;
				const text = li.querySelector('.bubble')?.textContent?.trim() ?? '';
				rows.set(id, { id, className: li.className, text });
			}
			const bottom = scroller.scrollHeight - scroller.clientHeight;
			if (scroller.scrollTop >= bottom - 1) break;
			scroller.scrollTop = Math.min(bottom, scroller.scrollTop + scroller.clientHeight / 2);
		}
		return [...rows.values()];
	});
}

/**
 * The button that starts a new chat: the list's, or the header's on a phone. A chat not yet
 * titled is also named "New chat", so the first match in the page's order is the button.
 */
export function newChatButton(page: Page): Locator {
	return page.getByRole('button', { name: 'New chat', exact: true }).first();
}
