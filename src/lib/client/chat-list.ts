import { UNTITLED } from '$lib/chat/chat-titles';
import type { SessionData } from '$lib/protocol/record';
import { codePointLength, protocolText } from '$lib/protocol/text';
import type { SessionView } from '$lib/worker/sync-worker-api';

/** Most characters of a chat's title (the protocol's limit). */
export const MAX_TITLE = 200;

const titleText = protocolText(MAX_TITLE);

/** A title the user typed: the one to store, or why it cannot be. */
export type TitleCheck = { ok: true; title: string } | { ok: false; error: string };

/** Checks a title typed in Rename: trimmed, one line, not empty, at most MAX_TITLE characters. */
export function checkTitle(typed: string): TitleCheck {
	const title = typed.replace(/\s+/g, ' ').trim();
	if (title === '') return { ok: false, error: 'A chat needs a title.' };
	if (codePointLength(title) > MAX_TITLE) {
		return { ok: false, error: `A title can be at most ${MAX_TITLE} characters long.` };
	}
	if (!titleText.safeParse(title).success) {
		return { ok: false, error: 'This title holds characters Outpost cannot store.' };
	}
	return { ok: true, title };
}

/**
 * The session data of a chat titled `title` at `now` (ms) (a rename, or New chat opening it
 * again): changed later than the state it had, so that last-writer-wins keeps it even when this
 * device's clock is behind.
 */
export function changedSession(session: SessionView, title: string, now: number): SessionData {
	const after = Date.parse(session.updatedAt) + 1;
	const updatedAt = new Date(Math.max(now, Number.isFinite(after) ? after : now)).toISOString();
	return { title, createdAt: session.createdAt, updatedAt };
}

/** Which empty chats a page may open again for New chat. */
export interface ReuseScope {
	/** When the page started (ms). */
	since: number;
	/** The chats this page made or opened again for New chat. */
	mine: ReadonlySet<string>;
}

/**
 * The empty, untitled chat that New chat opens instead of making another, if there is one: one
 * this page made, or one left from before it started. An empty chat another tab made since is
 * that tab's new chat: two tabs never get the same one.
 */
export function reusableChat(
	sessions: readonly SessionView[],
	scope: ReuseScope
): SessionView | undefined {
	return sessions.find(
		(s) =>
			s.empty &&
			s.title === UNTITLED &&
			(scope.mine.has(s.id) || Date.parse(s.updatedAt) < scope.since)
	);
}

/**
 * The chat to open once `removed` leaves the list: the one below it, else the one above it,
 * else none.
 */
export function nextAfterRemoval(sessions: readonly SessionView[], removed: string): string | null {
	const index = sessions.findIndex((s) => s.id === removed);
	if (index === -1) return null;
	return (sessions[index + 1] ?? sessions[index - 1])?.id ?? null;
}
