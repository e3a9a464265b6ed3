import { randomUUID } from 'node:crypto';
import { expect } from '@playwright/test';
import type { Device } from './device';
import { longTasks, pageNow, STEP_TIMEOUT_MS, timedClick, type TaskSummary } from './page-probe';
import { ALL_SYNCED } from './sign-in-step';
import type { WirePush } from './sync-requests';

/** One Send in the open conversation, until it is on the server and its reply on the page. */
export interface SendFigures {
	/** From the click on Send until the push carrying the message left for the server. */
	pushMs: number;
	/** From the click until the worker asked for that push (before any service worker relay). */
	requestMs: number;
	/** Push bodies sent for the message (each once, however it was relayed). */
	bytes: number;
	pushes: number;
	/** Why the reply failed, if it did. */
	replyError: string | null;
	/** From the click until the server's reply shows whole and the status says "All synced". */
	tasks: TaskSummary;
}

/** The message data of a push body's records (the protocol's push envelope). */
function pushedMessages(push: WirePush): { role?: unknown; content?: unknown }[] {
	try {
		const envelope = JSON.parse(push.body) as { records?: { type?: unknown; data?: unknown }[] };
		return (envelope.records ?? []).flatMap((r) =>
			r.type === 'message' && typeof r.data === 'object' && r.data !== null ? [r.data] : []
		);
	} catch {
		return [];
	}
}

/**
 * Waits for the server's reply to the question `text` to show whole on the page (it is pulled,
 * not pushed), or to show why it failed.
 */
async function replyOutcome(device: Device, text: string): Promise<{ error: string | null }> {
	const reply = device.page
		.locator('li.user')
		.filter({ hasText: text })
		.locator('xpath=following-sibling::li[1][contains(@class, "assistant")]');
	const ended = reply.and(device.page.locator('[data-status="complete"], [data-status="failed"]'));
	await expect(ended).toHaveCount(1, { timeout: STEP_TIMEOUT_MS });
	if ((await reply.getAttribute('data-status')) === 'complete') return { error: null };
	return { error: (await reply.locator('.error').innerText()).trim() };
}

/** Types a message, clicks Send, and follows its push and its reply's on the network. */
export async function sendStep(device: Device): Promise<SendFigures> {
	const { page, requests } = device;
	const text = `Benchmark question ${randomUUID()}`;
	await page.getByRole('textbox', { name: 'Message' }).fill(text);
	const start = await timedClick(page, page.getByRole('button', { name: 'Send' }), 'Send');
	const since = device.timeOrigin + start;
	const pushes = () => requests.pushesSince(since);
	const sent = await requests.waitFor('push of the message', () =>
		pushes().find((p) => pushedMessages(p).some((m) => m.content === text))
	);
	const reply = await replyOutcome(device, text);
	await expect(page.getByRole('status')).toContainText(ALL_SYNCED, { timeout: STEP_TIMEOUT_MS });
	const end = await pageNow(page);
	const exchange = pushes().filter((p) => p.start <= sent.start);
	return {
		pushMs: sent.start - since,
		requestMs: sent.requested - since,
		bytes: exchange.reduce((sum, p) => sum + Buffer.byteLength(p.body), 0),
		pushes: exchange.length,
		replyError: reply.error,
		tasks: await longTasks(page, start, end)
	};
}
