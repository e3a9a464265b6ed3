import { z } from 'zod';
import { accountId } from './account';
import { RECORD_TYPES, syncRecord } from './record';
import { recordId } from './text';
import { ACCEPTED_PROTOCOLS } from './version';

/** At most this many records in one batch. */
export const MAX_BATCH_RECORDS = 500;
/** At most this many bytes in one push body. */
export const MAX_BATCH_BYTES = 2 * 1024 * 1024;

/**
 * The push envelope. Each record is only required to be an object here; its own shape is
 * checked per record so that one bad record does not fail the batch. `accountId`, when
 * present, binds the batch to that account (see "Account binding" in docs/protocol.md).
 */
export const pushRequest = z.strictObject({
	protocol: z.union(ACCEPTED_PROTOCOLS.map((v) => z.literal(v))),
	clientId: recordId,
	accountId: accountId.optional(),
	batchId: recordId,
	records: z.array(z.record(z.string(), z.unknown())).max(MAX_BATCH_RECORDS)
});
export type PushRequest = z.infer<typeof pushRequest>;

export const RESULT_STATUSES = [
	'inserted',
	'updated',
	'unchanged',
	'deleted',
	'stale',
	'rejected'
] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

export const REJECTION_CODES = [
	'invalid',
	'hash_mismatch',
	'not_complete',
	'unknown_session',
	'deleted',
	'server_owned'
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** What happened to one record of a batch. */
export const pushResult = z.object({
	id: z.string(),
	type: z.string(),
	status: z.enum(RESULT_STATUSES),
	version: z.number().int().optional(),
	code: z.string().optional(),
	message: z.string().optional(),
	current: syncRecord.optional()
});
export type PushResult = z.infer<typeof pushResult>;

/** The `200` answer to a push, stored and returned again on a replay. */
export const pushResponse = z.object({
	protocol: z.number().int(),
	batchId: z.string(),
	cursor: z.string(),
	results: z.array(pushResult)
});
export type PushResponse = z.infer<typeof pushResponse>;

export { RECORD_TYPES };
