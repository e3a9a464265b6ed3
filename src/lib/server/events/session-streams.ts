/** A stream that can be ended and says when it ends. */
interface EndableStream {
	close(): void;
	onClose(action: () => void): void;
}

/**
 * The open live event streams of each sign-in session on this instance, so that a sign-out
 * ends them at once: handled here, or on another instance, whose sign-out the database tells
 * every instance of (SessionCache.onEnded). Each stream also checks its session every
 * SESSION_CHECK_MS (event-stream.ts), for a notification missed.
 */
const bySession = new Map<string, Set<EndableStream>>();

/** Tracks `stream` as one of session `sessionId`'s, until it ends. */
export function trackSessionStream(sessionId: string, stream: EndableStream): void {
	let streams = bySession.get(sessionId);
	if (!streams) {
		streams = new Set();
		bySession.set(sessionId, streams);
	}
	streams.add(stream);
	const tracked = streams;
	stream.onClose(() => {
		tracked.delete(stream);
		if (tracked.size === 0 && bySession.get(sessionId) === tracked) bySession.delete(sessionId);
	});
}

/** Ends every stream of session `sessionId` on this instance; returns how many it ended. */
export function endSessionStreams(sessionId: string): number {
	const streams = [...(bySession.get(sessionId) ?? [])];
	for (const stream of streams) stream.close();
	return streams.length;
}
