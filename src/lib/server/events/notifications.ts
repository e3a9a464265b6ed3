import { z } from 'zod';
import type { ChangeEvent, ReplyEvent } from '$lib/protocol/live-events';
import { recordId } from '$lib/protocol/text';

/**
 * The channel told about every change to a user's records once it has committed:
 * `{"u": "<user id>", "c": "<pull cursor after the change>"}`. Pushes are announced by the
 * instance that applied them (change-notices.ts); a stored reply notifies in its transaction.
 */
export const CHANGES_CHANNEL = 'outpost_changes';

/**
 * The channel of the text of replies being generated, sent by the instance generating, in
 * pieces: `{"u": "<user id>", "id": "<reply id>", "s": "<session id>", "o": <offset>,
 * "t": "<piece>"}`, where `o` is the reply's text length before the piece in UTF-16 code units.
 * Each payload must stay under 7000 bytes (PostgreSQL takes less than 8000).
 */
export const REPLY_TEXT_CHANNEL = 'outpost_reply_text';

/** The channels an instance listens on to feed its live event streams. */
export const LIVE_CHANNELS = [CHANGES_CHANNEL, REPLY_TEXT_CHANNEL] as const;
export type LiveChannel = (typeof LIVE_CHANNELS)[number];

/** What a live event stream sends a subscriber, besides the `ready` it starts with. */
export type LiveEvent = { name: 'change'; data: ChangeEvent } | { name: 'reply'; data: ReplyEvent };

/** An event and the user whose streams it goes to. */
export interface AddressedEvent {
	userId: string;
	event: LiveEvent;
}

const userId = z.string().min(1).max(200);

const changeNotification = z.object({ u: userId, c: z.string().min(1).max(200) });

const replyTextNotification = z.object({
	u: userId,
	id: recordId,
	s: recordId,
	o: z.number().int().min(0),
	t: z.string()
});

function parseJson(payload: string): unknown {
	try {
		return JSON.parse(payload);
	} catch {
		return undefined;
	}
}

/**
 * The event a notification of one of the live channels carries, and its user; undefined when
 * the payload is not one of the shapes above. Unknown fields are ignored.
 */
export function readNotification(
	channel: LiveChannel,
	payload: string
): AddressedEvent | undefined {
	const value = parseJson(payload);
	if (channel === CHANGES_CHANNEL) {
		const change = changeNotification.safeParse(value);
		if (!change.success) return undefined;
		return { userId: change.data.u, event: { name: 'change', data: { cursor: change.data.c } } };
	}
	const piece = replyTextNotification.safeParse(value);
	if (!piece.success) return undefined;
	const { u, id, s, o, t } = piece.data;
	return { userId: u, event: { name: 'reply', data: { id, sessionId: s, offset: o, text: t } } };
}

/** The payload of an `outpost_changes` notification. */
export function changePayload(userId: string, cursor: string): string {
	return JSON.stringify({ u: userId, c: cursor });
}

/** The payload of an `outpost_reply_text` notification for one piece of a reply's text. */
export function replyTextPayload(userId: string, piece: ReplyEvent): string {
	return JSON.stringify({
		u: userId,
		id: piece.id,
		s: piece.sessionId,
		o: piece.offset,
		t: piece.text
	});
}
