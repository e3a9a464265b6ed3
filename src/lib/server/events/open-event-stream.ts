import type { EventHub } from './event-hub';
import { EventStream, type EventStreamOptions } from './event-stream';
import { trackSessionStream } from './session-streams';

/** What a live event stream is opened with. */
export interface OpenEventStreamOptions extends EventStreamOptions {
	hub: EventHub;
	userId: string;
	/** The user's newest change cursor (null: none), for `ready`. */
	readCursor: () => Promise<string | null>;
	/** The request's signal: the stream ends when the client goes. */
	signal?: AbortSignal;
	/** The sign-in session the stream is opened for: a sign-out on this instance ends it. */
	sessionId?: string;
}

/** The response that streams the events, or why there is none. */
export type EventStreamOutcome =
	{ ok: true; response: Response } | { ok: false; code: 'too_many_streams' };

/** The headers of a live event stream: nothing may cache or buffer it. */
export const EVENT_STREAM_HEADERS = {
	'content-type': 'text/event-stream; charset=utf-8',
	'cache-control': 'no-store',
	'x-accel-buffering': 'no'
} as const;

/**
 * Opens a live event stream of `userId`: joins the hub first (`too_many_streams` when the user
 * has the most open), then reads the cursor for `ready`, so that a change committed meanwhile
 * comes after `ready` and is never missed. Throws what `readCursor` throws, having left the hub.
 * The stream leaves the hub as soon as it ends: the client disconnects (the signal aborts or
 * the reader cancels), the hub closes it, or its session ends (at once when it signs out on
 * this instance).
 */
export async function openEventStream(
	options: OpenEventStreamOptions
): Promise<EventStreamOutcome> {
	const stream = new EventStream(options);
	const leave = options.hub.subscribe(options.userId, stream);
	if (!leave) return { ok: false, code: 'too_many_streams' };
	stream.onClose(leave);
	if (options.sessionId !== undefined) trackSessionStream(options.sessionId, stream);
	const { signal } = options;
	if (signal) {
		const abort = () => stream.close();
		signal.addEventListener('abort', abort, { once: true });
		stream.onClose(() => signal.removeEventListener('abort', abort));
		if (signal.aborted) stream.close();
	}
	try {
		stream.open(await options.readCursor());
	} catch (error) {
		stream.close();
		throw error;
	}
	return { ok: true, response: new Response(stream.body, { headers: EVENT_STREAM_HEADERS }) };
}
