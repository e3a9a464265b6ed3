import type { Browser, Page } from '@playwright/test';
import { startFaultProxy, type FaultProxy, type FaultRates } from '../support/fault-proxy';
import { freePort } from '../support/free-port';
import {
	startServerOn,
	type ServerBackend,
	type ServerOptions,
	type ServerProcess
} from '../support/server-process';
import {
	newAccount,
	newChatButton,
	readConversation,
	send,
	waitForServiceWorker,
	type ShownRow
} from './helpers';

/** The faults of the chaos runs: about one API request in four gets one. */
export const CHAOS_RATES: FaultRates = {
	dropRequest: 0.06,
	dropResponse: 0.06,
	delay: 0.08,
	unavailable: 0.05
};

/**
 * Starts a server of `backend` behind a fault proxy that passes everything until its rates are
 * set; the server's ORIGIN is the proxy's URL, as a deployment behind a proxy sets it. Faults
 * apply to API requests only: the app's own files come from the service worker's cache.
 */
export async function startProxiedServer(options: {
	backend: ServerBackend;
	postgresUrl?: string;
	launcher?: ServerOptions['launcher'];
	seed: number;
}): Promise<{ server: ServerProcess; proxy: FaultProxy; stop: () => Promise<void> }> {
	const port = await freePort();
	const server = await startServerOn(options.backend, options.postgresUrl ?? '', {
		...(options.launcher ? { launcher: options.launcher } : {}),
		env: { ORIGIN: `http://127.0.0.1:${port}` }
	});
	try {
		const proxy = await startFaultProxy({
			target: server.url,
			port,
			seed: options.seed,
			delayMs: { min: 50, max: 800 },
			applies: (_method, path) => path.startsWith('/api/')
		});
		return {
			server,
			proxy,
			stop: async () => {
				await proxy.close();
				await server.stop();
			}
		};
	} catch (error) {
		await server.stop();
		throw error;
	}
}

/** How to run the chaos scenario. */
export interface ChaosOptions {
	browser: Browser;
	/** The fault proxy in front of the server; the tabs open its URL. */
	proxy: FaultProxy;
	/** The server itself, for checking what it holds without faults. */
	serverUrl: string;
	tabs: number;
	/** Messages in total, spread over the tabs. */
	messages: number;
	rates: FaultRates;
	/** How long the tabs get to flush once the faults stop. */
	settleMs?: number;
	log?: (line: string) => void;
}

/** What the server and the tabs hold afterwards, against what was sent. */
export interface ChaosOutcome {
	sent: number;
	/** User messages the server holds exactly once, lost (none), and extra copies. */
	storedOnce: number;
	lost: number;
	doubled: number;
	/** `messagesSent` in the user's usage. */
	usageSent: number;
	/** Per tab: messages missing from its conversation, and whether the rest are in send order. */
	local: { lost: number; inOrder: boolean }[];
	/** Whether every tab said "All synced" before the settle time ran out. */
	allSynced: boolean;
	/** Replies that failed (an error shown) or never finished, out of `sent`. */
	failedReplies: number;
	faults: ReturnType<FaultProxy['counts']>;
	sendSeconds: number;
	settleSeconds: number;
}

const MESSAGES = 'ol[aria-label="Messages"] > li';

/**
 * Sends one message with the composer and waits until it is shown and its reply has begun (or
 * failed): the next send then waits, as a person would, for the composer to take text again.
 */
async function sendOne(page: Page, text: string): Promise<void> {
	const box = page.getByRole('textbox', { name: 'Message' });
	await send(page, text);
	// The composer clears itself once it has handed the text over.
	for (let i = 0; i < 3 && (await box.inputValue()) !== ''; i++) {
		await page.waitForTimeout(200);
		if ((await box.inputValue()) !== '') await page.getByRole('button', { name: 'Send' }).click();
	}
	await page
		.waitForFunction(
			({ selector, text }) => {
				const items = [...document.querySelectorAll(selector)];
				const users = items.filter((li) => li.classList.contains('user'));
				if (users.at(-1)?.querySelector('.bubble')?.textContent?.trim() !== text) return false;
				const last = items.at(-1);
				return (
					last?.classList.contains('streaming') ||
					last?.classList.contains('assistant') ||
					document.querySelector('.notice[role="alert"]') !== null
				);
			},
			{ selector: MESSAGES, text },
			{ timeout: 30_000, polling: 50 }
		)
		.catch(() => {});
}

/** Replies a tab shows that did not come: user messages without an assistant message after them. */
function missingReplies(rows: readonly ShownRow[]): number {
	const roles = rows.map((row) => row.className);
	return roles.filter((role, i) => role.includes('user') && !roles[i + 1]?.includes('assistant'))
		.length;
}

/** Presses "Sync now" until the tab says "All synced", or the deadline passes. */
async function settle(page: Page, deadline: number): Promise<boolean> {
	const status = page.getByRole('status');
	while (Date.now() < deadline) {
		if (/All synced/.test((await status.textContent()) ?? '')) return true;
		const button = status.getByRole('button', { name: 'Sync now' });
		if (await button.isEnabled()) await button.click({ timeout: 5000 }).catch(() => {});
		await page.waitForTimeout(1000);
	}
	return /All synced/.test((await status.textContent()) ?? '');
}

/** The user messages a tab shows in its open conversation, in order. */
function shownUserMessages(rows: readonly ShownRow[]): string[] {
	return rows.filter((row) => row.className.split(' ').includes('user')).map((row) => row.text);
}

/** Every user message the server holds for the session's user, by content, with a count. */
async function storedUserMessages(serverUrl: string, cookie: string): Promise<Map<string, number>> {
	const counts = new Map<string, number>();
	let cursor: string | undefined;
	for (;;) {
		const query = cursor === undefined ? '' : `?cursor=${encodeURIComponent(cursor)}`;
		const response = await fetch(`${serverUrl}/api/sync/pull${query}`, { headers: { cookie } });
		if (response.status !== 200) throw new Error(`pull answered ${response.status}`);
		const page = (await response.json()) as {
			records: { type: string; op: string; data?: { role?: string; content?: string } }[];
			cursor: string;
			hasMore: boolean;
		};
		for (const record of page.records) {
			if (record.type !== 'message' || record.op !== 'upsert' || record.data?.role !== 'user')
				continue;
			const content = record.data.content ?? '';
			counts.set(content, (counts.get(content) ?? 0) + 1);
		}
		cursor = page.cursor;
		if (!page.hasMore) return counts;
	}
}

/** The user's `messagesSent` from yesterday to tomorrow (UTC), so that midnight does not matter. */
async function usageSent(serverUrl: string, cookie: string): Promise<number> {
	const day = (offset: number) =>
		new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
	const response = await fetch(`${serverUrl}/api/usage?from=${day(-1)}&to=${day(1)}`, {
		headers: { cookie }
	});
	if (response.status !== 200) throw new Error(`usage answered ${response.status}`);
	const { days } = (await response.json()) as { days: { messagesSent: number }[] };
	return days.reduce((sum, d) => sum + d.messagesSent, 0);
}

/**
 * Signs up one user in `tabs` tabs of one browser context opened through the fault proxy,
 * gives each tab a chat of its own, turns the faults on, sends `messages` messages spread over
 * the tabs (all tabs at once), turns the faults off, lets every tab flush, then compares what
 * the server and each tab hold with what was sent.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosOutcome> {
	const log = options.log ?? (() => {});
	const context = await options.browser.newContext({ baseURL: options.proxy.url });
	try {
		const account = newAccount();
		const first = await context.newPage();
		await first.goto('/');
		await first.getByLabel('Email').fill(account.email);
		await first.getByLabel('Password').fill(account.password);
		await first.getByRole('button', { name: 'Sign up' }).click();
		await newChatButton(first).waitFor({ timeout: 30_000 });
		await waitForServiceWorker(first);
		const pages = [first];
		for (let t = 1; t < options.tabs; t++) {
			const page = await context.newPage();
			await page.goto('/');
			await newChatButton(page).waitFor({ timeout: 30_000 });
			pages.push(page);
		}
		for (const page of pages) {
			await newChatButton(page).click();
			await page.getByRole('textbox', { name: 'Message' }).waitFor();
		}
		const sent = pages.map((_, t) =>
			Array.from(
				{ length: Math.ceil((options.messages - t) / options.tabs) },
				(_, i) => `tab ${t + 1} message ${i + 1}`
			)
		);
		log(`chaos: ${options.tabs} tabs signed in; sending ${options.messages} messages with faults`);
		options.proxy.setRates(options.rates);
		const sendStarted = performance.now();
		await Promise.all(
			pages.map(async (page, t) => {
				for (const text of sent[t] ?? []) await sendOne(page, text);
				// The last reply streams on; it is over when the composer takes text again.
				await page.locator(`${MESSAGES}.streaming`).waitFor({ state: 'detached', timeout: 30_000 });
			})
		);
		const sendSeconds = (performance.now() - sendStarted) / 1000;
		options.proxy.setRates({});
		const faults = options.proxy.counts();
		log(`chaos: sent in ${sendSeconds.toFixed(0)} s; faults off, flushing`);
		const settleStarted = performance.now();
		const deadline = Date.now() + (options.settleMs ?? 120_000);
		const synced = await Promise.all(pages.map((page) => settle(page, deadline)));
		const settleSeconds = (performance.now() - settleStarted) / 1000;
		// A person reads each tab in turn, in front: a tab in the background draws no frames, and
		// the list reads its scroll, and asks for older messages, in a frame.
		const shownRows: ShownRow[][] = [];
		for (const page of pages) {
			await page.bringToFront();
			shownRows.push(await readConversation(page));
		}
		const failedReplies = shownRows.reduce((sum, rows) => sum + missingReplies(rows), 0);

		const session = (await context.cookies()).find((c) => c.name === 'outpost_session');
		const cookie = `outpost_session=${session?.value ?? ''}`;
		const stored = await storedUserMessages(options.serverUrl, cookie);
		const all = sent.flat();
		let lost = 0;
		let doubled = 0;
		let storedOnce = 0;
		for (const text of all) {
			const n = stored.get(text) ?? 0;
			if (n === 0) lost++;
			if (n === 1) storedOnce++;
			if (n > 1) doubled += n - 1;
		}
		const local = shownRows.map((rows, t) => {
			const mine = sent[t] ?? [];
			const shown = shownUserMessages(rows).filter((text) => mine.includes(text));
			return {
				lost: mine.filter((text) => !shown.includes(text)).length,
				inOrder: shown.join('\n') === mine.join('\n')
			};
		});
		return {
			sent: all.length,
			storedOnce,
			lost,
			doubled,
			usageSent: await usageSent(options.serverUrl, cookie),
			local,
			allSynced: synced.every(Boolean),
			failedReplies,
			faults,
			sendSeconds,
			settleSeconds
		};
	} finally {
		await context.close();
	}
}
