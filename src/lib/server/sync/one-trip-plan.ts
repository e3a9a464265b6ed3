import type { PushRequest } from '$lib/protocol/push';
import { movesSequence, rowsWritten, writePayload } from './apply-plan';
import type { CheckedRecord } from './check-record';
import { planPush, type PushPlan } from './plan-push';
import { sessionStatsDeltas } from './session-stats';
import { recordKey, type StoredRecord } from './stored-record';

/**
 * A plan made before reading the database, so that a push can be sent as one statement:
 * outpost_push_one_trip begins the push and writes the plan only if the assumption it was made
 * on holds.
 */
export interface OneTripPlan {
	plan: PushPlan;
	/** Sessions that messages of the batch name and the batch does not upsert. */
	external: string[];
	/** What outpost_push_one_trip writes when the plan holds (see writePayload). */
	payload: string;
	/** Rows the plan writes, the batch record included. */
	rowsWritten: number;
}

/** Stands in for a stored live session; planPush only asks whether it exists and is live. */
function assumedSession(id: string): StoredRecord {
	return {
		type: 'session',
		id,
		version: 0,
		deleted: false,
		hash: '',
		data: { title: '', createdAt: '', updatedAt: '' }
	};
}

/**
 * The one-trip plan of a batch of upserts, made on the assumption that the batch is new, that
 * none of its records is stored yet and that every session its messages name outside it is
 * stored and live: the common push, a reply appended to a chat. Versions count from 0. A
 * batch with a delete gets none (a deleted session's messages are only known from the store).
 */
export function oneTripPlan(
	request: PushRequest,
	bodyHash: string,
	checked: readonly CheckedRecord[]
): OneTripPlan | undefined {
	const records = checked.flatMap((entry) => (entry.ok ? [entry.record] : []));
	if (records.some((record) => record.op === 'delete')) return undefined;
	const batchSessions = new Set(records.filter((r) => r.type === 'session').map((r) => r.id));
	const external = [
		...new Set(
			records.flatMap((r) =>
				r.type === 'message' && r.op === 'upsert' && !batchSessions.has(r.data.sessionId)
					? [r.data.sessionId]
					: []
			)
		)
	];
	const assumed = new Map(external.map((id) => [recordKey('session', id), assumedSession(id)]));
	const plan = planPush(checked, assumed, 0);
	const stats = sessionStatsDeltas(plan.writes, assumed, new Set());
	const payload = writePayload(plan, stats, 0, { batchId: request.batchId, bodyHash });
	return {
		plan,
		external,
		payload,
		rowsWritten: rowsWritten(plan, stats, 0, movesSequence(plan, 0))
	};
}
