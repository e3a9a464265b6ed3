import type { RecordType } from '$lib/protocol/record';
import type { LocalRecord } from '$lib/sync/local-record';

/** One record as the device keeps it. */
export type JournalEntry = LocalRecord;

/** Where a message sits in its conversation's display order. */
export interface MessagePosition {
	createdAt: string;
	id: string;
}

/** Orders strings by UTF-16 code units, as IndexedDB orders keys (not by locale). */
export function compareStrings(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders messages for display: by creation time, then id. */
export function comparePositions(a: MessagePosition, b: MessagePosition): number {
	return compareStrings(a.createdAt, b.createdAt) || compareStrings(a.id, b.id);
}

/** Which end of a conversation: its first message or its last. */
export type MessageEnd = 'oldest' | 'newest';

/** The first key of the message entries: every message key starts with it (see localKey). */
export const MESSAGE_KEYS_FROM = 'message:';
/** The first key past every message entry's (';' follows ':'). */
export const MESSAGE_KEYS_UNTIL = 'message;';

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
	/** The entries of `keys`, in the same order (undefined where there is none). */
	getMany(keys: readonly string[]): Promise<(JournalEntry | undefined)[]>;
	put(entry: JournalEntry): Promise<void>;
	/** Writes every entry, and the meta value when given, in one transaction: all or none. */
	putMany(entries: readonly JournalEntry[], meta?: { name: string; value: string }): Promise<void>;
	/**
	 * Reads the entries of `keys` (in the same order, undefined where there is none) and writes
	 * what `change` makes of them, with the meta value when given, in one transaction: no other
	 * write, from this tab or another, lands between the read and the write. `change` runs
	 * synchronously inside the transaction; when it throws, nothing is written. Resolves to the
	 * entries written.
	 */
	update(
		keys: readonly string[],
		change: (current: (JournalEntry | undefined)[]) => JournalEntry[],
		meta?: { name: string; value: string }
	): Promise<JournalEntry[]>;
	/** Every entry of one type. */
	listByType(type: RecordType): Promise<JournalEntry[]>;
	/** Every message entry of one session, tombstones included. */
	listBySession(sessionId: string): Promise<JournalEntry[]>;
	/**
	 * A window of a session's live (not deleted) messages in display order (`data.createdAt`,
	 * then `id`): the `limit` last ones before `before` (the newest ones without it). Reads only
	 * the window.
	 */
	messagePage(sessionId: string, limit: number, before?: MessagePosition): Promise<JournalEntry[]>;
	/**
	 * For each of `sessionIds`, in the same order, its oldest or newest live message in display
	 * order (undefined for a session without one). Reads one message per session.
	 */
	endMessages(
		sessionIds: readonly string[],
		end: MessageEnd
	): Promise<(JournalEntry | undefined)[]>;
	/**
	 * Up to `limit` message entries (tombstones included) in key order, starting after the key
	 * `after` (from the first without it): pages of a scan over every message of the journal.
	 */
	scanMessages(after: string | null, limit: number): Promise<JournalEntry[]>;
	/**
	 * The entries a push must carry (`isPending`), oldest change first (then by key), at most
	 * `limit`. Reads only those, however many entries the journal holds.
	 */
	pending(limit: number): Promise<JournalEntry[]>;
	/** How many entries are pending. */
	countPending(): Promise<number>;
	/** Every entry (tests and diagnostics only: it reads the whole journal). */
	all(): Promise<JournalEntry[]>;
	/** Outbox batches, oldest first (then by batchId). */
	outbox(): Promise<OutboxBatch[]>;
	putBatch(batch: OutboxBatch): Promise<void>;
	deleteBatch(batchId: string): Promise<void>;
	getMeta(name: string): Promise<string | undefined>;
	setMeta(name: string, value: string): Promise<void>;
	close(): void;
}
