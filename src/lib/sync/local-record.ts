import type { MessageData, RecordType, SessionData } from '$lib/protocol/record';

/** What the server last acknowledged of a record: a hash, a deletion, or nothing yet. */
export type Acked = string | 'deleted' | null;

/** One record as the device keeps it: its local state and what the server has of it. */
export type LocalRecord = {
	/** `${type}:${id}` */
	key: string;
	id: string;
	/** The session a message belongs to ('' for sessions), for listing a chat's messages. */
	sessionId: string;
	acked: Acked;
	/** Server version of the acknowledged state. */
	version: number | null;
	/** Set when the server refused this exact state; it is not sent again until it changes. */
	rejected: { hash: string | null; code: string; message: string } | null;
	/** When the record last changed on this device (ms), for ordering lists. */
	changedAt: number;
} & (
	| { type: 'session'; deleted: false; hash: string; data: SessionData }
	| { type: 'message'; deleted: false; hash: string; data: MessageData }
	| { type: RecordType; deleted: true; hash: null; data: null }
);

/** The key of a record on the device and in the journal. */
export function localKey(type: RecordType, id: string): string {
	return `${type}:${id}`;
}

/** Whether the record's state may be synced: sessions and complete messages. */
export function isSyncable(record: LocalRecord): boolean {
	return record.deleted || record.type === 'session' || record.data.status === 'complete';
}

/**
 * Whether the device holds a state of the record that the server has not acknowledged and
 * has not refused: the records a push must carry.
 */
export function isPending(record: LocalRecord): boolean {
	if (!isSyncable(record)) return false;
	const state = record.deleted ? 'deleted' : record.hash;
	if (record.acked === state) return false;
	return record.rejected === null || record.rejected.hash !== record.hash;
}

/**
 * A change made on the device, written over the journal's current state of its record: what
 * the server has of the record (acknowledged hash, version, refusal) is the current state's,
 * which an answer or a pull may have moved since the change was made. A record deleted
 * meanwhile is not brought back.
 */
export function onTopOf(change: LocalRecord, current: LocalRecord | undefined): LocalRecord {
	if (current?.deleted) throw new Error(`${change.type} ${change.id} was deleted`);
	return {
		...change,
		acked: current?.acked ?? null,
		version: current?.version ?? null,
		rejected: current?.rejected ?? null
	};
}
