import { randomUUID } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import { firstSeen, pageNow, STEP_TIMEOUT_MS, timedClick, watchTexts } from '../device/page-probe';
import { ALL_SYNCED } from '../device/sign-in-step';
import type { LiveDevice } from './devices';

/**
 * One message sent on one device, as the other device of the account showed it: ms from the
 * click on Send on the sender.
 */
export interface CrossDeviceFigures {
	/** Until the message was painted on the other device. */
	messageMs: number;
	/** Until the server's reply to it was painted whole on the other device. */
	replyMs: number;
	/** Until the sender's push carrying it left for the server. */
	pushedMs: number;
	/** Until the server had answered that push (the message stored). */
	pushAnsweredMs: number;
	/** Until the other device started the pull that brought the message. */
	pullStartedMs: number;
	/** Until that pull's answer had arrived whole. */
	pullAnsweredMs: number;
}

/** A pause between messages, as a person reads the reply before typing the next one. */
const READING_MS = 500;

/** The fake provider's reply to `text`: it echoes. */
export const echo = (text: string) => `Echo: ${text}`;

/** Waits until `page` shows the reply to `text` whole and says everything is synced. */
export async function settled(page: Page, text: string): Promise<void> {
	const list = page.getByRole('list', { name: 'Messages' });
	await expect(list.getByText(echo(text), { exact: true })).toBeVisible({
		timeout: STEP_TIMEOUT_MS
	});
	await expect(page.getByRole('status')).toContainText(ALL_SYNCED, { timeout: STEP_TIMEOUT_MS });
}

/**
 * Types a new message on `sender` and clicks Send; notes when it, then its reply, were painted
 * on `receiver`, which does nothing, and the push and pull that carried it. Page clocks are
 * turned to epoch time with their page's `performance.timeOrigin`, the clock of the network
 * timings. Returns once both devices are settled.
 */
export async function crossDeviceRound(
	sender: LiveDevice,
	receiver: LiveDevice
): Promise<CrossDeviceFigures> {
	const text = `Across devices ${randomUUID()}`;
	await watchTexts(receiver.page, [text, echo(text)]);
	const since = await pageNow(receiver.page);
	await sender.page.getByRole('textbox', { name: 'Message' }).fill(text);
	const send = sender.page.getByRole('button', { name: 'Send' });
	const clicked = sender.timeOrigin + (await timedClick(sender.page, send, 'Send'));
	const shown = receiver.timeOrigin + (await firstSeen(receiver.page, text, since));
	const replied = receiver.timeOrigin + (await firstSeen(receiver.page, echo(text), since));
	const push = await sender.requests.waitFor('push of the message', () =>
		sender.requests.pushesSince(clicked).find((p) => p.body.includes(text))
	);
	const pull = await receiver.pulls.carrying(text, clicked);
	await settled(sender.page, text);
	await settled(receiver.page, text);
	await sender.page.waitForTimeout(READING_MS);
	return {
		messageMs: shown - clicked,
		replyMs: replied - clicked,
		pushedMs: push.start - clicked,
		pushAnsweredMs: push.end - clicked,
		pullStartedMs: pull.start - clicked,
		pullAnsweredMs: pull.end - clicked
	};
}
