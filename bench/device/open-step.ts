import { expect } from '@playwright/test';
import type { Device } from './device';
import { firstSeen, longTasks, timedClick, STEP_TIMEOUT_MS, type TaskSummary } from './page-probe';
import { ALL_SYNCED } from './sign-in-step';

/** Opening the conversation from the chat list, in ms from the click. */
export interface OpenFigures {
	/** Until its newest message is on screen. */
	shownMs: number;
	tasks: TaskSummary;
}

/** Switches to the side chat, lets the page settle, then opens the conversation again. */
export async function openStep(device: Device): Promise<OpenFigures> {
	const { page, history } = device;
	await page.getByRole('button', { name: history.sideTitle, exact: true }).click();
	await expect(
		page.getByRole('list', { name: 'Messages' }).getByText(history.sideText)
	).toBeVisible({ timeout: STEP_TIMEOUT_MS });
	await expect(page.getByRole('status')).toContainText(ALL_SYNCED, { timeout: STEP_TIMEOUT_MS });
	// What switching away left for the main thread is not the opening's.
	await page.waitForTimeout(500);
	const start = await timedClick(
		page,
		page.getByRole('button', { name: history.title, exact: true }),
		history.title
	);
	const shown = await firstSeen(page, device.newest, start);
	return { shownMs: shown - start, tasks: await longTasks(page, start, shown) };
}
