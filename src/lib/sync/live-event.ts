import { LIVE_EVENTS, type ReplyEvent } from '$lib/protocol/live-events';

/** A live event as the worker acts on it. */
export type LiveEvent =
	{ type: 'cursor'; cursor: string | null } | { type: 'reply'; piece: ReplyEvent };

/**
 * Reads one event of the live stream (its name and data), or undefined for an unknown or
 * malformed one.
 */
export function readLiveEvent(event: { event: string; data: string }): LiveEvent | undefined {
	let data: unknown;
	try {
		data = JSON.parse(event.data);
	} catch {
		return undefined;
	}
	if (event.event === 'ready' || event.event === 'change') {
		const parsed = LIVE_EVENTS[event.event].safeParse(data);
		return parsed.success ? { type: 'cursor', cursor: parsed.data.cursor } : undefined;
	}
	if (event.event === 'reply') {
		const parsed = LIVE_EVENTS.reply.safeParse(data);
		if (!parsed.success) return undefined;
		const { id, sessionId, offset, text } = parsed.data;
		return { type: 'reply', piece: { id, sessionId, offset, text } };
	}
	return undefined;
}

/**
 * Whether the server's newest change (`cursor`, from a live event) is one the journal has not
 * pulled to (`stored`, its pull cursor): a pull brings it. Cursors are opaque: any difference
 * counts, and a pull that finds nothing new costs one request.
 */
export function pullNeeded(cursor: string | null, stored: string | null): boolean {
	if (cursor === null) return false;
	return cursor !== stored;
}
