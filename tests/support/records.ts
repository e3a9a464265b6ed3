import { randomUUID } from 'node:crypto';
import type { MessageData, SessionData, SyncRecord } from '../../src/lib/protocol/record';
import type { PushRequest } from '../../src/lib/protocol/push';
import { hashData } from '../../src/lib/sync/hash';
import { at, messageData, sessionData } from './record-data';

/** A new user id (the chat tables take any uuid; accounts are not needed below the API). */
export const newUserId = () => randomUUID();

export { at };

/** A session upsert with its hash. */
export async function session(id: string, data: Partial<SessionData> = {}): Promise<SyncRecord> {
	const full = sessionData(id, data);
	return { type: 'session', id, op: 'upsert', hash: await hashData(full), data: full };
}

/** A complete message upsert with its hash. */
export async function message(
	id: string,
	sessionId: string,
	data: Partial<MessageData> = {}
): Promise<SyncRecord> {
	const full = messageData(id, sessionId, data);
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
