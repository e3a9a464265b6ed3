import type { RecordType } from '$lib/protocol/record';
import type { LocalRecord } from '$lib/sync/local-record';

/** One record as the device keeps it. */
export type JournalEntry = LocalRecord;

/** A batch sent (or about to be sent) to the server, kept until it is answered. */
export interface OutboxBatch {
	batchId: string;
	/** The exact request body: a retry resends these bytes. */
	body: string;
	/** The key and hash of each record, in request order. */
	records: { key: string; hash: string | null }[];
	createdAt: number;
	/** How many times it was sent without an answer. */
	attempts: number;
	/** Set when the server refused the whole batch (400, 409, 413, 415); it is not resent. */
	failure: { status: number; detail: string } | null;
}

/**
 * The device's store of records, outbox batches and sync metadata. Writes are durable
 * before the promise resolves: losing one loses a user's words.
 */
export interface Journal {
	get(key: string): Promise<JournalEntry | undefined>;
	put(entry: JournalEntry): Promise<void>;
	/** Every entry of one type. */
	listByType(type: RecordType): Promise<JournalEntry[]>;
	/** Every message entry of one session. */
	listBySession(sessionId: string): Promise<JournalEntry[]>;
	/** Every entry (for finding the unacknowledged ones). */
	all(): Promise<JournalEntry[]>;
	/** Outbox batches, oldest first. */
	outbox(): Promise<OutboxBatch[]>;
	putBatch(batch: OutboxBatch): Promise<void>;
	deleteBatch(batchId: string): Promise<void>;
	getMeta(name: string): Promise<string | undefined>;
	setMeta(name: string, value: string): Promise<void>;
	close(): void;
}
