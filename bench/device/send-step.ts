import { randomUUID } from 'node:crypto';
import { expect } from '@playwright/test';
import type { Device } from './device';
import { longTasks, pageNow, STEP_TIMEOUT_MS, timedClick, type TaskSummary } from './page-probe';
import { ALL_SYNCED } from './sign-in-step';
import type { WirePush } from './sync-requests';

/** One Send in the open conversation and its reply, until both are on the server. */
export interface SendFigures {
	/** From the click on Send until the push carrying the message left for the server. */
	pushMs: number;
	/** From the click until the worker asked for that push (before any service worker relay). */
	requestMs: number;
	/** Push bodies sent for the message and its reply (each once, however it was relayed). */
	bytes: number;
	pushes: number;
	/** What the page said instead of replying, if it did not reply. */
	replyError: string | null;
	/** From the click until the reply is pushed and the status says "All synced". */
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
 * Waits for the push of the reply (nothing else in this account makes an assistant message),
 * or for the page to say why there is none.
 */
async function replyOutcome(
	device: Device,
	pushes: () => WirePush[]
): Promise<{ push: WirePush } | { error: string }> {
	const alert = device.page.getByRole('alert');
	const deadline = Date.now() + STEP_TIMEOUT_MS;
	for (;;) {
		const push = pushes().find((p) => pushedMessages(p).some((m) => m.role === 'assistant'));
		if (push) return { push };
		// The alert's first line is what it says; a button may follow.
		if ((await alert.count()) > 0)
			return { error: (await alert.first().innerText()).split('\n')[0]?.trim() ?? '' };
		if (Date.now() > deadline) throw new Error('neither a reply nor an error in time');
		await device.page.waitForTimeout(100);
	}
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
	const reply = await replyOutcome(device, pushes);
	await expect(page.getByRole('status')).toContainText(ALL_SYNCED, { timeout: STEP_TIMEOUT_MS });
	const end = await pageNow(page);
	const last = 'push' in reply ? reply.push : sent;
	const exchange = pushes().filter((p) => p.start <= last.start);
	return {
		pushMs: sent.start - since,
		requestMs: sent.requested - since,
		bytes: exchange.reduce((sum, p) => sum + Buffer.byteLength(p.body), 0),
		pushes: exchange.length,
		replyError: 'error' in reply ? reply.error : null,
		tasks: await longTasks(page, start, end)
	};
}
