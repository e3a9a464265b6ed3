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
 * How many rows (from the newest) a list draws in the frame after it drew `count` of `total`:
 * twice as many, or Infinity once that is all of them, so that a list of any length is drawn
 * in a few frames and rows that come later are drawn at once.
 */
export function rowsToDraw(count: number, total: number): number {
	return count * 2 >= total ? Infinity : count * 2;
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
