import { randomUUID } from 'node:crypto';
import { expect } from '@playwright/test';
import type { Database } from '../../src/lib/server/db/database';
import { STEP_TIMEOUT_MS } from '../device/page-probe';
import { settled } from './cross-device';
import type { LiveDevice } from './devices';
import { epochNow, waitForStoredReply } from './stored-reply';

/** From a device coming back online, in ms. */
export interface ReconnectFigures {
	/** Until the server's answer to the push that carried it had reached the device. */
	acknowledgedMs: number;
	/** Until the message it sent offline was stored on the server. */
	messageMs: number;
	/** Until the server's reply to it was stored complete. */
	replyMs: number;
}

/** How long the device stays offline after the message was sent. */
const OFFLINE_MS = 1_000;

/**
 * Takes `device` offline, sends a message there (it waits in the device's outbox), takes it
 * online again and follows the message and its reply into the database, polled directly.
 * Returns once the device shows the reply and says everything is synced.
 */
export async function reconnectRound(
	device: LiveDevice,
	db: Database,
	userId: string
): Promise<ReconnectFigures> {
	const { context, page } = device;
	const text = `Written offline ${randomUUID()}`;
	await context.setOffline(true);
	await expect(page.getByRole('status')).toContainText('Offline', { timeout: STEP_TIMEOUT_MS });
	await page.getByRole('textbox', { name: 'Message' }).fill(text);
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(
		page
			.locator('li.user')
			.filter({ hasText: text })
			.getByText(/once you are back online/)
	).toBeVisible({ timeout: STEP_TIMEOUT_MS });
	await page.waitForTimeout(OFFLINE_MS);
	const online = epochNow();
	await context.setOffline(false);
	const stored = await waitForStoredReply(db, userId, text);
	// The first push with the message answered after the device came back (the device's or
	// its service worker's, whichever went first), as the browser reports it.
	const acknowledged = await device.requests.waitFor('the push of the message', (finished) =>
		finished
			.filter((r) => r.kind === 'push' && r.body.includes(text) && r.start >= online)
			.map((r) => r.end)
			.sort((a, b) => a - b)
			.at(0)
	);
	await settled(page, text);
	return {
		acknowledgedMs: acknowledged - online,
		messageMs: stored.messageAt - online,
		replyMs: stored.replyAt - online
	};
}
