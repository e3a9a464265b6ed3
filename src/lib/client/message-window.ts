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
 * replaces its old view; a new one joins the window when it sorts after the window's first
 * message (or the window reaches the conversation's start); one older than the window is left
 * for when the user scrolls back to it. Returns the same object when nothing shown changed.
 */
export function applyChanges(
	window: MessageWindowState,
	ids: readonly string[],
	live: readonly MessageView[]
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
	const joining = [...byId.values()].filter(
		(m) => !window.hasOlder || first === undefined || comparePositions(m, first) > 0
	);
	if (!changed && joining.length === 0) return window;
	// Moving a message (its createdAt changed) or adding one: keep display order.
	const messages = [...kept, ...joining].sort(comparePositions);
	return { messages, hasOlder: window.hasOlder };
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
