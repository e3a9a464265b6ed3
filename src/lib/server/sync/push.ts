import type { Database } from '../db/database';
import { PROTOCOL_VERSION } from '$lib/protocol/version';
import type { PushRequest, PushResponse } from '$lib/protocol/push';
import { encodeCursor } from '$lib/sync/cursor';
import { hashData } from '$lib/sync/hash';
import { applyPlan } from './apply-plan';
import { checkRecord } from './check-record';
import { planPush } from './plan-push';
import { loadRecords } from './record-rows';
import { recordKey } from './stored-record';

/** The outcome of a push: the response body (the stored one for a replay), or a batch conflict. */
export type PushOutcome =
	| { ok: true; body: string; replayed: boolean; rowsWritten: number }
	| { ok: false; code: 'batch_conflict' };

/**
 * Applies one batch for one user in one transaction, exactly once: a batch already applied
 * with the same canonical body gets its stored response back and writes nothing.
 */
export async function applyPush(
	db: Database,
	userId: string,
	request: PushRequest
): Promise<PushOutcome> {
	const bodyHash = await hashData(request);
	const checked = await Promise.all(request.records.map(checkRecord));
	const sessionIds = new Set<string>();
	const messageIds = new Set<string>();
	for (const entry of checked) {
		if (!entry.ok) continue;
		const record = entry.record;
		if (record.type === 'session') sessionIds.add(record.id);
		else {
			messageIds.add(record.id);
			if (record.op === 'upsert') sessionIds.add(record.data.sessionId);
		}
	}

	return db.transaction(async (tx): Promise<PushOutcome> => {
		// One row per user serialises that user's pushes across connections and processes.
		await tx.query(
			'insert into sync_state (user_id) values ($1) on conflict (user_id) do nothing',
			[userId]
		);
		const [state] = await tx.query<{ seq: number }>(
			'select seq::int as seq from sync_state where user_id = $1 for update',
			[userId]
		);
		const seq = Number(state?.seq ?? 0);
		const [previous] = await tx.query<{ body_hash: string; response: string }>(
			'select body_hash, response from sync_batches where user_id = $1 and batch_id = $2',
			[userId, request.batchId]
		);
		if (previous) {
			if (previous.body_hash !== bodyHash) return { ok: false, code: 'batch_conflict' };
			return { ok: true, body: previous.response, replayed: true, rowsWritten: 0 };
		}

		const stored = await loadRecords(tx, userId, [...sessionIds], [...messageIds]);
		const plan = planPush(checked, new Map(stored.map((r) => [recordKey(r.type, r.id), r])), seq);
		const newSeq = await applyPlan(tx, userId, plan);
		if (newSeq !== seq) {
			await tx.query('update sync_state set seq = $2 where user_id = $1', [userId, newSeq]);
		}
		const response: PushResponse = {
			protocol: PROTOCOL_VERSION,
			batchId: request.batchId,
			cursor: encodeCursor(newSeq),
			results: plan.results
		};
		const body = JSON.stringify(response);
		await tx.query(
			'insert into sync_batches (user_id, batch_id, body_hash, response) values ($1, $2, $3, $4)',
			[userId, request.batchId, bodyHash, body]
		);
		return {
			ok: true,
			body,
			replayed: false,
			rowsWritten: plan.writes.length + plan.usage.length + (newSeq !== seq ? 1 : 0) + 1
		};
	});
}
