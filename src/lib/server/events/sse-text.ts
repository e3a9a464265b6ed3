/** A server-sent event whose data is `data` as JSON (one line: JSON escapes line breaks). */
export function sseEvent(name: string, data: unknown): string {
	return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line, which clients ignore: it keeps an idle connection from being cut. */
export function sseComment(text: string): string {
	return `: ${text}\n\n`;
}

/** Tells the client how long to wait before connecting again after the stream ends. */
export function sseRetry(ms: number): string {
	return `retry: ${ms}\n\n`;
}
