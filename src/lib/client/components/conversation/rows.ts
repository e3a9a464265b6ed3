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

/**
 * Rows drawn in the frame that first shows the list's messages: about a screen from the
 * newest. Each row costs a few ms to mount and measure on a slow phone, and virtua mounts and
 * measures all the rows of the screen and its margins in one frame: the older rows of the
 * window come in the steps after (rowsToDraw), above the newest, which stay in place.
 */
export const FIRST_ROWS = 4;

/**
 * Rows the first step after the first rows adds. It mounts them all (the list still draws by
 * index then: see MessageList's FIRST_ROWS_AND_NEXT), and mounting a row with its markdown,
 * and the list correcting its scroll for it, cost most while the page's code is still cold:
 * two rows, not as many as were drawn.
 */
export const FIRST_STEP = 2;

/**
 * How many rows (from the newest) a list draws in the step after it drew `count` of `total`:
 * FIRST_STEP more after the FIRST_ROWS, then twice as many each step, or Infinity once that is
 * all of them, so that a list of any length is drawn in a few steps and rows that come later
 * are drawn at once. Rows above the screen and its margins are counted, not mounted: once the
 * screen is full a step costs about the same whatever it adds.
 */
export function rowsToDraw(count: number, total: number): number {
	const next = count === FIRST_ROWS ? count + FIRST_STEP : count * 2;
	return next >= total ? Infinity : next;
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
