import { z } from 'zod';
import { recordId } from './text';

/**
 * The events of the live events stream, `GET /api/sync/events` (protocol 2): each is a
 * server-sent event whose `event` field is the name here and whose `data` is the JSON below.
 * They are hints: the pull is the truth.
 */
export const LIVE_EVENTS_PATH = '/api/sync/events';

/** A pull cursor, as the events carry it (opaque, as on a pull). */
const cursor = z.string().min(1).max(200);

/** `ready`, the first event of every stream: the user's newest change (null: none yet). */
export const readyEvent = z.object({ cursor: cursor.nullable() });
export type ReadyEvent = z.infer<typeof readyEvent>;

/** `change`: the user's records changed; `cursor` is their newest change after it. */
export const changeEvent = z.object({ cursor });
export type ChangeEvent = z.infer<typeof changeEvent>;

/**
 * `reply`: a piece of the text of a reply being generated. `offset` is the length of the
 * reply's text before the piece, in UTF-16 code units (JavaScript string indices). Pieces may
 * be missed (a slow reader, a reconnect): a piece whose offset is past the text held so far
 * shows a gap, and the stored reply, pulled, has the whole text.
 */
export const replyEvent = z.object({
	id: recordId,
	sessionId: recordId,
	offset: z.number().int().min(0),
	text: z.string()
});
export type ReplyEvent = z.infer<typeof replyEvent>;

/** The schema of each event's data, by event name. */
export const LIVE_EVENTS = { ready: readyEvent, change: changeEvent, reply: replyEvent } as const;
export type LiveEventName = keyof typeof LIVE_EVENTS;
