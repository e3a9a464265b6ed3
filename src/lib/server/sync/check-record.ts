import type { z } from 'zod';
import { RECORD_TYPES, recordShape, type RecordType, type SyncRecord } from '$lib/protocol/record';
import { recordId } from '$lib/protocol/text';
import type { RejectionCode } from '$lib/protocol/push';
import { hashDataSync } from './server-hash';

/** A pushed record after the checks that need no database: accepted, or rejected with a code. */
export type CheckedRecord =
	| { ok: true; record: SyncRecord }
	| { ok: false; type: string; id: string; code: RejectionCode; message: string };

function describe(error: z.ZodError): string {
	return error.issues
		.slice(0, 3)
		.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'record'}: ${issue.message}`)
		.join('; ');
}

/**
 * Runs the per-record checks of the protocol that come before the database, in its order:
 * shape (`invalid`), `hash_mismatch`, `not_complete`, then the fields only the server writes
 * (`server_owned`, and `error`, which a complete message never has: `invalid`).
 */
export function checkRecord(raw: Record<string, unknown>): CheckedRecord {
	const type = typeof raw.type === 'string' ? raw.type : '';
	const id = typeof raw.id === 'string' ? raw.id : '';
	const reject = (message: string): CheckedRecord => ({
		ok: false,
		type,
		id,
		code: 'invalid',
		message
	});
	if (!RECORD_TYPES.includes(raw.type as RecordType))
		return reject('type must be "session" or "message"');
	if (!recordId.safeParse(raw.id).success) return reject('id must be 1–64 of A-Z a-z 0-9 _ -');
	if (raw.op !== 'upsert' && raw.op !== 'delete') return reject('op must be "upsert" or "delete"');
	const parsed = recordShape(raw.type as RecordType, raw.op).safeParse(raw);
	if (!parsed.success) {
		return { ok: false, type, id, code: 'invalid', message: describe(parsed.error) };
	}
	const record = parsed.data;
	if (record.op === 'delete') return { ok: true, record };
	if (hashDataSync(record.data) !== record.hash) {
		return {
			ok: false,
			type,
			id,
			code: 'hash_mismatch',
			message: 'hash is not the SHA-256 of the RFC 8785 JSON of data'
		};
	}
	if (record.type === 'message' && record.data.status !== 'complete') {
		return {
			ok: false,
			type,
			id,
			code: 'not_complete',
			message: `only complete messages are synced; this one is ${record.data.status}`
		};
	}
	if (record.type === 'message' && record.data.replyTo !== undefined) {
		return {
			ok: false,
			type,
			id,
			code: 'server_owned',
			message: 'replyTo is written by the server on the replies it makes'
		};
	}
	if (record.type === 'message' && record.data.error !== undefined) {
		return reject('data.error is written by the server on the replies that failed');
	}
	if (record.type === 'message' && record.data.replyRequest !== undefined) {
		if (record.data.role !== 'user') return reject('data.replyRequest is for user messages');
	}
	return { ok: true, record };
}
