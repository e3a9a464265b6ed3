import { comparePositions } from '$lib/worker/journal';
import type { MessageView } from '$lib/worker/sync-worker-api';

/** The part of a conversation the page holds: its newest messages, in display order. */
export interface MessageWindowState {
	messages: MessageView[];
	/** Whether the conversation has messages before the window's first. */
	hasOlder: boolean;
}

export const EMPTY_WINDOW: MessageWindowState = { messages: [], hasOlder: false };

/**
 * Applies changed messages of the window's conversation: `live` are their current views,
 * `ids` every id the change named (those not in `live` were deleted). A changed message
 * replaces its old view; a new one after the window's first message joins it. Messages older
 * than the window join only while the window reaches the conversation's start and holds fewer
 * than `size`; the rest are left for when the reader scrolls back (the window then has older
 * messages). So a new device receiving its history keeps the newest `size` on the page, and a
 * reader who scrolled back keeps what they read. Returns the same object when nothing shown
 * changed.
 */
export function applyChanges(
	window: MessageWindowState,
	ids: readonly string[],
	live: readonly MessageView[],
	size: number
): MessageWindowState {
	const gone = new Set(ids);
	for (const message of live) gone.delete(message.id);
	const byId = new Map(live.map((m) => [m.id, m]));
	let changed = false;
	const kept: MessageView[] = [];
	for (const message of window.messages) {
		if (gone.has(message.id)) {
			changed = true;
			continue;
		}
		const update = byId.get(message.id);
		if (update) {
			byId.delete(message.id);
			changed = true;
			kept.push(update);
		} else kept.push(message);
	}
	const first = window.messages[0];
	const joining = [...byId.values()].sort(comparePositions);
	const newer = first ? joining.filter((m) => comparePositions(m, first) > 0) : joining;
	const older = first ? joining.filter((m) => comparePositions(m, first) < 0) : [];
	let hasOlder = window.hasOlder;
	const room = hasOlder ? 0 : Math.max(0, size - kept.length - newer.length);
	const admitted = older.slice(Math.max(0, older.length - room));
	if (admitted.length < older.length) hasOlder = true;
	let messages = [...admitted, ...kept, ...newer];
	if (!first && messages.length > size) {
		messages = messages.slice(messages.length - size);
		hasOlder = true;
	}
	if (!changed && admitted.length === 0 && newer.length === 0 && hasOlder === window.hasOlder) {
		return window;
	}
	// A changed message may have moved (its createdAt changed): keep display order.
	return { messages: messages.sort(comparePositions), hasOlder };
}

/** Adds a page of older messages before the window. */
export function prependOlder(
	window: MessageWindowState,
	older: MessageWindowState
): MessageWindowState {
	const shown = new Set(window.messages.map((m) => m.id));
	return {
		messages: [...older.messages.filter((m) => !shown.has(m.id)), ...window.messages],
		hasOlder: older.hasOlder
	};
}
