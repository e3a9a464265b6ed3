import { randomUUID } from 'node:crypto';
import type { MessageData, SessionData, SyncRecord } from '../../src/lib/protocol/record';
import type { PushRequest } from '../../src/lib/protocol/push';
import { hashData } from '../../src/lib/sync/hash';

/** A new user id (the chat tables take any uuid; accounts are not needed below the API). */
export const newUserId = () => randomUUID();

/** `2026-01-05T10:00:00.000Z` plus `seconds`. */
export function at(seconds: number): string {
	return new Date(Date.UTC(2026, 0, 5, 10, 0, 0) + seconds * 1000).toISOString();
}

/** A session upsert with its hash. */
export async function session(id: string, data: Partial<SessionData> = {}): Promise<SyncRecord> {
	const full: SessionData = { title: `Chat ${id}`, createdAt: at(0), updatedAt: at(0), ...data };
	return { type: 'session', id, op: 'upsert', hash: await hashData(full), data: full };
}

/** A complete message upsert with its hash. */
export async function message(
	id: string,
	sessionId: string,
	data: Partial<MessageData> = {}
): Promise<SyncRecord> {
	const full: MessageData = {
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
	return { type: 'message', id, op: 'upsert', hash: await hashData(full), data: full };
}

/** A delete. */
export const remove = (type: 'session' | 'message', id: string): SyncRecord => ({
	type,
	id,
	op: 'delete'
});

let batches = 0;

/** A push envelope; a new batchId unless one is given. */
export function batch(
	records: readonly unknown[],
	batchId = `b${Date.now().toString(36)}${(batches++).toString(36)}`
): PushRequest {
	return {
		protocol: 1,
		clientId: 'test-client',
		batchId,
		records: records as PushRequest['records']
	};
}
