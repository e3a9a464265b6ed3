import { z } from 'zod';
import { recordId } from './text';

/**
 * The live events of `GET /api/sync/events` (protocol 2), one `text/event-stream` per signed-in
 * tab that syncs. They are hints: the pull is the truth. Unknown fields are allowed, so that the
 * server may add some.
 */

/**
 * `event: ready` (first) and `event: change` (the user's records changed): the cursor of the
 * user's newest change, or null when there is none.
 */
export const cursorEvent = z.object({ cursor: z.string().min(1).max(200).nullable() });
export type CursorEvent = z.infer<typeof cursorEvent>;

/**
 * `event: reply`: a piece of the text of a reply being written. `offset` counts the UTF-16 code
 * units of the reply's text before the piece.
 */
export const replyPiece = z.object({
	id: recordId,
	sessionId: recordId,
	offset: z.number().int().min(0).max(10_000_000),
	text: z.string().max(100_000)
});
export type ReplyPiece = z.infer<typeof replyPiece>;

/** The event names of the stream. */
export const SYNC_EVENTS = { ready: 'ready', change: 'change', reply: 'reply' } as const;
