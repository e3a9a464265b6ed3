/**
 * The `batchId` a push body names, or `undefined` when the body is no JSON object with a
 * string `batchId` (the server will refuse it; the queue keys entries by it only to keep one
 * copy of each batch).
 */
export function batchIdOf(body: string): string | undefined {
	try {
		const parsed: unknown = JSON.parse(body);
		if (typeof parsed !== 'object' || parsed === null) return undefined;
		const { batchId } = parsed as { batchId?: unknown };
		return typeof batchId === 'string' ? batchId : undefined;
	} catch {
		return undefined;
	}
}
