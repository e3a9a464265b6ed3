/** One server-sent event. */
export interface ServerSentEvent {
	event: string;
	data: string;
}

/**
 * Splits a text/event-stream into events as chunks arrive. Feed it chunks; it returns the
 * events completed so far and keeps the unfinished rest.
 */
export function sseParser(): (chunk: string) => ServerSentEvent[] {
	let buffer = '';
	let pendingCr = false;
	return (chunk) => {
		// A CRLF may be split between two chunks: the CR already ended the line, so the LF
		// that starts the next chunk is part of it.
		const text = pendingCr && chunk.startsWith('\n') ? chunk.slice(1) : chunk;
		pendingCr = chunk.endsWith('\r');
		buffer += text.replace(/\r\n?/g, '\n');
		const events: ServerSentEvent[] = [];
		let end = buffer.indexOf('\n\n');
		while (end !== -1) {
			const block = buffer.slice(0, end);
			buffer = buffer.slice(end + 2);
			let event = 'message';
			const data: string[] = [];
			for (const line of block.split('\n')) {
				if (line.startsWith(':')) continue;
				const colon = line.indexOf(':');
				const field = colon === -1 ? line : line.slice(0, colon);
				const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
				if (field === 'event') event = value || 'message';
				else if (field === 'data') data.push(value);
			}
			if (data.length > 0) events.push({ event, data: data.join('\n') });
			end = buffer.indexOf('\n\n');
		}
		return events;
	};
}
