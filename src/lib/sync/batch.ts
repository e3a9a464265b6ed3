import { MAX_BATCH_BYTES, MAX_BATCH_RECORDS, type PushRequest } from '$lib/protocol/push';
import type { SyncRecord } from '$lib/protocol/record';
import { PROTOCOL_VERSION } from '$lib/protocol/version';
import { isPending, type LocalRecord } from './local-record';

/** The wire record for a local record's current state. */
export function toSyncRecord(record: LocalRecord): SyncRecord {
	if (record.deleted) return { type: record.type, id: record.id, op: 'delete' };
	return record.type === 'session'
		? { type: 'session', id: record.id, op: 'upsert', hash: record.hash, data: record.data }
		: { type: 'message', id: record.id, op: 'upsert', hash: record.hash, data: record.data };
}

/**
 * Who a batch comes from: the device's client id, the account whose journal it is (the
 * server refuses it for any other signed-in account), and the batch's own id.
 */
export interface BatchEnvelope {
	clientId: string;
	accountId: string;
	batchId: string;
}

/** A batch ready to send: its body and which state of which record each entry carries. */
export interface PlannedBatch {
	batchId: string;
	body: string;
	records: { key: string; hash: string | null }[];
}

const encoder = new TextEncoder();
/** Room kept for the envelope around the records. */
const ENVELOPE_BYTES = 512;

/**
 * Builds the next batch from the pending records, or undefined when nothing is pending.
 * Sessions come before messages (a message may need its session created first), older
 * changes first, within the protocol's record and byte limits. The body names the envelope's
 * account, so that the batch, replays by the service worker included, applies to it only.
 */
export function planBatch(
	records: readonly LocalRecord[],
	envelope: BatchEnvelope,
	limits = { maxRecords: MAX_BATCH_RECORDS, maxBytes: MAX_BATCH_BYTES }
): PlannedBatch | undefined {
	const pending = records
		.filter(isPending)
		.sort(
			(a, b) =>
				Number(a.type === 'message') - Number(b.type === 'message') ||
				a.changedAt - b.changedAt ||
				a.key.localeCompare(b.key)
		);
	const chosen: SyncRecord[] = [];
	const keys: PlannedBatch['records'] = [];
	let bytes = ENVELOPE_BYTES;
	for (const record of pending) {
		if (chosen.length >= limits.maxRecords) break;
		const wire = toSyncRecord(record);
		const size = encoder.encode(JSON.stringify(wire)).byteLength + 1;
		if (bytes + size > limits.maxBytes && chosen.length > 0) break;
		bytes += size;
		chosen.push(wire);
		keys.push({ key: record.key, hash: record.hash });
	}
	if (chosen.length === 0) return undefined;
	const { clientId, accountId, batchId } = envelope;
	const request: PushRequest = {
		protocol: PROTOCOL_VERSION,
		clientId,
		accountId,
		batchId,
		records: chosen
	};
	return { batchId, body: JSON.stringify(request), records: keys };
}
