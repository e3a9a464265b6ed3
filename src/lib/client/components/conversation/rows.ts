import type { MessageView } from '$lib/worker/sync-worker-api';

/** The key of the row of a reply the device is writing (chats without an account). */
export const DEVICE_REPLY = 'device-reply';

/** One row of the conversation's list: a message, or the reply the device is writing. */
export type Row =
	{ key: string; message: MessageView } | { key: typeof DEVICE_REPLY; message: null };

/** The rows of a conversation: its messages in display order, then the device's reply if any. */
export function conversationRows(messages: readonly MessageView[], deviceReply: boolean): Row[] {
	const rows: Row[] = messages.map((message) => ({ key: message.id, message }));
	if (deviceReply) rows.push({ key: DEVICE_REPLY, message: null });
	return rows;
}

/**
 * The newest `count` rows (all of them when there are no more): what a list draws while it
 * draws its rows a few per frame.
 */
export function newestRows(rows: readonly Row[], count: number): readonly Row[] {
	return count >= rows.length ? rows : rows.slice(rows.length - count);
}

/** What one step of drawing older rows added, and what it cost (ms, script and layout). */
export interface DrawStep {
	rows: number;
	ms: number;
}

/** Rows the first step adds: it comes before anything is measured, so it is kept small. */
export const FIRST_STEP = 2;

/**
 * Milliseconds a step of drawing older rows aims at: a third of the 50 ms that make a long
 * task, with room for what else the task and its frame do (the cost of a row varies, the first
 * of a kind costs most while the page's code is still cold).
 */
export const STEP_BUDGET_MS = 16;

/**
 * How many rows (from the newest) a list draws in the step after it drew `count` of `total`:
 * FIRST_STEP more in the first step, then as many as the last step's cost per row says fit in
 * STEP_BUDGET_MS (at least one, at most twice `count`), or Infinity once that is all of them,
 * so that a fast device draws a list in a few frames, a slow one in more but never in a long
 * task, and rows that come later are drawn at once.
 */
export function rowsToDraw(count: number, total: number, last?: DrawStep): number {
	let step = FIRST_STEP;
	if (last && last.rows > 0) {
		const perRow = Math.max(last.ms / last.rows, 0.1);
		step = Math.max(1, Math.min(count, Math.floor(STEP_BUDGET_MS / perRow)));
	}
	return count + step >= total ? Infinity : count + step;
}

/**
 * How many rows came before the row that was first (`previousFirst`): older messages read
 * as the reader scrolled back. 0 when the first row is the same, or is gone (another chat).
 */
export function prependedCount(previousFirst: string | undefined, rows: readonly Row[]): number {
	if (previousFirst === undefined) return 0;
	return Math.max(
		0,
		rows.findIndex((row) => row.key === previousFirst)
	);
}

/** The id of the newest user message: the one Edit and resend applies to. */
export function latestQuestion(messages: readonly MessageView[]): string | undefined {
	return messages.findLast((message) => message.role === 'user')?.id;
}
