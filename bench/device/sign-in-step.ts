import { expect } from '@playwright/test';
import { waitForServiceWorker } from '../../tests/e2e/helpers';
import type { Device } from './device';
import {
	firstSeen,
	longTasks,
	timedClick,
	watchTexts,
	STEP_TIMEOUT_MS,
	type TaskSummary
} from './page-probe';

/** How long after the chat list shows the benchmark waits before it opens the newest chat. */
const OPEN_GRACE_MS = 1000;

/** The status text once every change is on both sides. */
export const ALL_SYNCED = 'All synced';

/** A first sign-in on a new device, in ms from the click on "Sign in". */
export interface SignInFigures {
	/** Until the conversation shows in the chat list. */
	listMs: number;
	/** Until the newest message of the newest conversation is on screen. */
	newestMs: number;
	/** Until the last page of the history (`hasMore: false`) has arrived. */
	lastPageMs: number;
	/** Until the status says "All synced" after it. */
	syncedMs: number;
	/** From the click until the newest message shows and the status says "All synced". */
	tasks: TaskSummary;
}

/**
 * Signs in as a person does on a new device, and opens the newest conversation a second after
 * it shows in the list unless the app has opened it by then.
 */
export async function signInStep(device: Device): Promise<SignInFigures> {
	const { page, history, requests } = device;
	await page.getByLabel('Email').fill(history.account.email);
	await page.getByLabel('Password').fill(history.account.password);
	// A person takes seconds to type: by then the service worker has installed and controls the page.
	await waitForServiceWorker(page);
	await watchTexts(page, [history.title, device.newest, ALL_SYNCED]);
	const conversation = page.getByRole('button', { name: history.title, exact: true });
	const signIn = page.getByRole('button', { name: 'Sign in', exact: true });
	const start = await timedClick(page, signIn, 'Sign in');

	const listed = await firstSeen(page, history.title, start);
	// A person looks at the list for a moment; an app that does not open the newest chat by
	// then gets a click on it.
	const opened = await firstSeen(page, device.newest, start, OPEN_GRACE_MS).catch(() => undefined);
	if (opened === undefined) await timedClick(page, conversation, history.title);
	const newest = opened ?? (await firstSeen(page, device.newest, start));
	await expect(
		page.getByRole('list', { name: 'Messages' }).getByText(device.newest, { exact: false })
	).toBeVisible({ timeout: STEP_TIMEOUT_MS });

	const lastPage = await requests.lastPullPage(device.timeOrigin + start);
	const lastPageAt = lastPage.end - device.timeOrigin;
	// A status that never left "All synced" while the pages came in has nothing new to show.
	const synced = await firstSeen(page, ALL_SYNCED, lastPageAt, 60_000).catch(() => lastPageAt);
	await expect(page.getByRole('status')).toContainText(ALL_SYNCED, { timeout: STEP_TIMEOUT_MS });
	return {
		listMs: listed - start,
		newestMs: newest - start,
		lastPageMs: lastPageAt - start,
		syncedMs: synced - start,
		tasks: await longTasks(page, start, Math.max(newest, synced))
	};
}
