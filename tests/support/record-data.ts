import type { MessageData, SessionData } from '../../src/lib/protocol/record';

// Record data for tests, in node and in the browser alike (nothing here imports node:*).

/** `2026-01-05T10:00:00.000Z` plus `seconds`. */
export function at(seconds: number): string {
	return new Date(Date.UTC(2026, 0, 5, 10, 0, 0) + seconds * 1000).toISOString();
}

/** The data of session `id`, created at `at(0)`, with `data` over it. */
export function sessionData(id: string, data: Partial<SessionData> = {}): SessionData {
	return { title: `Chat ${id}`, createdAt: at(0), updatedAt: at(0), ...data };
}

/** The data of complete user message `id` of `sessionId`, created at `at(1)`, with `data` over it. */
export function messageData(
	id: string,
	sessionId: string,
	data: Partial<MessageData> = {}
): MessageData {
	return {
		sessionId,
		role: 'user',
		content: `message ${id}`,
		model: null,
		status: 'complete',
		inputTokens: 3,
		outputTokens: 0,
		elapsedMs: 0,
		createdAt: at(1),
		updatedAt: at(1),
		...data
	};
}
