import type { MessageData, SyncRecord } from '$lib/protocol/record';
import type { PushResult } from '$lib/protocol/push';
import type { CheckedRecord } from './check-record';
import { recordKey, toWireRecord, type StoredRecord } from './stored-record';

/** Usage to add for one UTC day. */
export interface UsageDelta {
	day: string;
	messagesSent: number;
	messagesReceived: number;
	inputTokens: number;
	outputTokens: number;
}

/** What a batch changes: the rows to write, the usage to add, the sessions to cascade. */
export interface PushPlan {
	results: PushResult[];
	/** The final state of every record the batch changes, one entry per record. */
	writes: StoredRecord[];
	usage: UsageDelta[];
	/** Sessions deleted by the batch: their stored messages become tombstones too. */
	deletedSessions: string[];
	/** The user's change sequence after the batch's own writes. */
	seq: number;
}

function isOlder(incoming: { hash: string; updatedAt: string }, stored: StoredRecord): boolean {
	if (stored.deleted) return false;
	const storedAt = stored.data.updatedAt;
	if (incoming.updatedAt !== storedAt) return incoming.updatedAt < storedAt;
	return incoming.hash < stored.hash;
}

function addUsage(usage: Map<string, UsageDelta>, data: MessageData): void {
	if (data.role === 'system') return;
	const day = data.createdAt.slice(0, 10);
	const entry = usage.get(day) ?? {
		day,
		messagesSent: 0,
		messagesReceived: 0,
		inputTokens: 0,
		outputTokens: 0
	};
	if (data.role === 'user') {
		entry.messagesSent += 1;
		entry.inputTokens += data.inputTokens;
	} else {
		entry.messagesReceived += 1;
		entry.outputTokens += data.outputTokens;
	}
	usage.set(day, entry);
}

function stateOf(record: Extract<SyncRecord, { op: 'upsert' }>, version: number): StoredRecord {
	return record.type === 'session'
		? {
				type: 'session',
				id: record.id,
				version,
				deleted: false,
				hash: record.hash,
				data: record.data
			}
		: {
				type: 'message',
				id: record.id,
				version,
				deleted: false,
				hash: record.hash,
				data: record.data
			};
}

/**
 * Decides, without I/O, what a batch does to the stored records: applies the records in array
 * order (unchanged, unknown session, tombstone, last writer wins by `updatedAt` then hash),
 * numbers each change from `seq`, and counts usage for messages stored for the first time.
 * `stored` holds every stored record the batch names, and the sessions its messages name.
 */
export function planPush(
	checked: readonly CheckedRecord[],
	stored: ReadonlyMap<string, StoredRecord>,
	seq: number
): PushPlan {
	const state = new Map(stored);
	const written = new Map<string, StoredRecord>();
	const usage = new Map<string, UsageDelta>();
	const deletedSessions: string[] = [];
	const results: PushResult[] = [];

	for (const entry of checked) {
		if (!entry.ok) {
			results.push({
				id: entry.id,
				type: entry.type,
				status: 'rejected',
				code: entry.code,
				message: entry.message
			});
			continue;
		}
		const record = entry.record;
		const key = recordKey(record.type, record.id);
		const current = state.get(key);
		const base = { id: record.id, type: record.type };

		if (record.op === 'delete') {
			if (current?.deleted) {
				results.push({ ...base, status: 'deleted', version: current.version });
				continue;
			}
			const tombstone: StoredRecord = {
				type: record.type,
				id: record.id,
				version: ++seq,
				deleted: true,
				hash: null,
				data: null
			};
			state.set(key, tombstone);
			written.set(key, tombstone);
			if (record.type === 'session') {
				deletedSessions.push(record.id);
				// Its messages go with it (tombstoned after the batch's writes): later records of
				// the batch see them as deleted.
				for (const [otherKey, other] of state) {
					if (other.type === 'message' && !other.deleted && other.data.sessionId === record.id) {
						state.set(otherKey, { ...other, deleted: true, hash: null, data: null });
					}
				}
			}
			results.push({ ...base, status: 'deleted', version: tombstone.version });
			continue;
		}

		if (current && !current.deleted && current.hash === record.hash) {
			results.push({ ...base, status: 'unchanged', version: current.version });
			continue;
		}
		if (record.type === 'message') {
			const session = state.get(recordKey('session', record.data.sessionId));
			if (!session || session.deleted) {
				results.push({
					...base,
					status: 'rejected',
					code: 'unknown_session',
					message: `session ${record.data.sessionId} does not exist or was deleted`
				});
				continue;
			}
		}
		if (current?.deleted) {
			results.push({
				...base,
				status: 'rejected',
				code: 'deleted',
				message: 'this id was deleted and stays deleted'
			});
			continue;
		}
		if (current?.type === 'message' && current.data.replyTo !== undefined) {
			results.push({
				...base,
				status: 'rejected',
				code: 'server_owned',
				message: 'this reply is written by the server; ask for another with replyRequest'
			});
			continue;
		}
		if (current && isOlder({ hash: record.hash, updatedAt: record.data.updatedAt }, current)) {
			results.push({
				...base,
				status: 'stale',
				version: current.version,
				current: toWireRecord(current)
			});
			continue;
		}
		const next = stateOf(record, ++seq);
		state.set(key, next);
		written.set(key, next);
		if (record.type === 'message' && !current) addUsage(usage, record.data);
		results.push({ ...base, status: current ? 'updated' : 'inserted', version: next.version });
	}

	return {
		results,
		writes: [...written.values()],
		usage: [...usage.values()],
		deletedSessions,
		seq
	};
}
