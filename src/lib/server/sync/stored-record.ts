import type {
	MessageData,
	RecordType,
	SessionData,
	SyncRecord,
	VersionedRecord
} from '$lib/protocol/record';

/** A record as the server holds it: live, or a tombstone without data. */
export type StoredRecord =
	| {
			type: 'session';
			id: string;
			version: number;
			deleted: false;
			hash: string;
			data: SessionData;
	  }
	| {
			type: 'message';
			id: string;
			version: number;
			deleted: false;
			hash: string;
			data: MessageData;
	  }
	| { type: RecordType; id: string; version: number; deleted: true; hash: null; data: null };

/** The map key of a record: its type and id. */
export function recordKey(type: string, id: string): string {
	return `${type}:${id}`;
}

/** The wire form of a stored record (an upsert, or a delete for a tombstone). */
export function toWireRecord(stored: StoredRecord): SyncRecord {
	if (stored.deleted) return { type: stored.type, id: stored.id, op: 'delete' };
	if (stored.type === 'session') {
		return { type: 'session', id: stored.id, op: 'upsert', hash: stored.hash, data: stored.data };
	}
	return { type: 'message', id: stored.id, op: 'upsert', hash: stored.hash, data: stored.data };
}

/** A record as the database gives it back (outpost_record_json), as the server holds it. */
export function fromVersioned(record: VersionedRecord): StoredRecord {
	const { type, id } = record;
	const version = Number(record.version);
	if (record.op === 'delete') return { type, id, version, deleted: true, hash: null, data: null };
	if (record.type === 'session') {
		return { type: 'session', id, version, deleted: false, hash: record.hash, data: record.data };
	}
	return { type: 'message', id, version, deleted: false, hash: record.hash, data: record.data };
}
