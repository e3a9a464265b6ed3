import { z } from 'zod';
import { count, protocolText, recordId, timestamp } from './text';

/** The record types a batch may carry. */
export const RECORD_TYPES = ['session', 'message'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** The data of a chat session. */
export const sessionData = z.strictObject({
	title: protocolText(200),
	createdAt: timestamp,
	updatedAt: timestamp
});
export type SessionData = z.infer<typeof sessionData>;

export const MESSAGE_ROLES = ['user', 'assistant', 'system'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

/**
 * Message states. Only `complete` messages are pushed; the others are valid shapes that the
 * server answers with `not_complete`. The replies the server writes (protocol 2) are
 * `streaming` while they are generated, then `complete`, `stopped` (Stop kept the partial text)
 * or `failed` (with `error`).
 */
export const MESSAGE_STATUSES = ['complete', 'pending', 'streaming', 'failed', 'stopped'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** The data of a chat message. */
export const messageData = z.strictObject({
	sessionId: recordId,
	role: z.enum(MESSAGE_ROLES),
	content: protocolText(100_000),
	model: protocolText(200).nullable(),
	status: z.enum(MESSAGE_STATUSES),
	inputTokens: count,
	outputTokens: count,
	elapsedMs: count,
	createdAt: timestamp,
	updatedAt: timestamp,
	/**
	 * On a user message (protocol 2): asks the server for a reply. A new value asks for a new
	 * one (Retry, Regenerate); the same value again asks for nothing.
	 */
	replyRequest: recordId.optional(),
	/** On a reply the server wrote (protocol 2): the user message it answers. */
	replyTo: recordId.optional(),
	/** On a `failed` reply (protocol 2): why, readable. */
	error: protocolText(500).optional()
});
export type MessageData = z.infer<typeof messageData>;

/** `sha256:` and 64 lowercase hex digits. */
export const recordHash = z
	.string()
	.regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256: and 64 hex digits');

const sessionUpsert = z.strictObject({
	type: z.literal('session'),
	id: recordId,
	op: z.literal('upsert'),
	hash: recordHash,
	data: sessionData
});
const messageUpsert = z.strictObject({
	type: z.literal('message'),
	id: recordId,
	op: z.literal('upsert'),
	hash: recordHash,
	data: messageData
});
const deletion = z.strictObject({
	type: z.enum(RECORD_TYPES),
	id: recordId,
	op: z.literal('delete')
});

/** One change to one record, as pushed and pulled. */
export const syncRecord = z.union([sessionUpsert, messageUpsert, deletion]);

/**
 * The one shape of `syncRecord` a record of `type` and `op` must have. Checking it alone costs
 * half of trying the union's shapes in turn, and its errors name the fields of that shape.
 */
export function recordShape(type: RecordType, op: 'upsert' | 'delete') {
	if (op === 'delete') return deletion;
	return type === 'session' ? sessionUpsert : messageUpsert;
}
export type SyncRecord = z.infer<typeof syncRecord>;
export type SessionUpsert = z.infer<typeof sessionUpsert>;
export type MessageUpsert = z.infer<typeof messageUpsert>;
export type Deletion = z.infer<typeof deletion>;

/** A record as pull returns it: with the server's version. */
export const versionedRecord = z.intersection(syncRecord, z.object({ version: count }));
export type VersionedRecord = SyncRecord & { version: number };
