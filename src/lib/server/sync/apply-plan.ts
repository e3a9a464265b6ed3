import type { Queryable } from '../db/database';
import type { PushPlan } from './plan-push';
import { PROTOCOL_VERSION } from '$lib/protocol/version';
import { responsePieces } from './response-text';
import type { SessionStatsDelta } from './session-stats';
import type { StoredRecord } from './stored-record';

/** A record as outpost_push_write reads it: the protocol's fields, its version and state. */
function written({ id, version, deleted, hash, data }: StoredRecord) {
	return { id, version, deleted, hash, data };
}

/** The reply jobs a plan asks for: one per user message it stores with a replyRequest. */
function jobRows(writes: readonly StoredRecord[]) {
	return writes.flatMap((w) =>
		w.type === 'message' && !w.deleted && w.data.role === 'user' && w.data.replyRequest
			? [
					{
						message_id: w.id,
						session_id: w.data.sessionId,
						request: w.data.replyRequest,
						model: w.data.model,
						question_at: w.data.createdAt
					}
				]
			: []
	);
}

// outpost_push_write (supabase/schemas/50_push.sql) writes a plan from one JSON payload: the
// rows of each part, the cascade of session deletes, the sequence and the batch record, and
// returns the batch's response. Versions and the sequence in the payload count from the base it
// is given: 0 here, the user's sequence for a one-trip plan.
const WRITE = 'select outpost_push_write($1, $2::text::jsonb, 0) as response';

function statsRows(stats: readonly SessionStatsDelta[]) {
	return stats.map((d) => ({
		session_id: d.sessionId,
		messages: d.messages,
		tokens: d.tokens,
		latest_id: d.latest?.id ?? null,
		latest_at: d.latest?.at ?? null
	}));
}

/**
 * Rows a push writes: its records, the messages a session delete tombstoned, session stats,
 * usage days, the sequence when it moved, and the batch record.
 */
export function rowsWritten(
	plan: Pick<PushPlan, 'writes' | 'usage'>,
	stats: readonly SessionStatsDelta[],
	cascaded: number,
	seqMoved: boolean
): number {
	return plan.writes.length + cascaded + stats.length + plan.usage.length + (seqMoved ? 1 : 0) + 1;
}

/**
 * Whether writing `plan` moves the user's change sequence past `base`, the sequence it was
 * planned from: it changes a record, or deletes a session (whose stored messages the database
 * then tombstones).
 */
export function movesSequence(plan: Pick<PushPlan, 'seq' | 'deletedSessions'>, base: number) {
	return plan.seq !== base || plan.deletedSessions.length > 0;
}

/** The batch a plan is written for: its id and the hash of its body. */
export interface PlannedBatch {
	batchId: string;
	bodyHash: string;
}

/**
 * The payload outpost_push_write writes a plan from: only the records the plan changes, its
 * stats and usage, each part only when it has something to write; the sequence when the plan
 * moved it past `base` (the sequence it was planned from) or deletes a session, whose stored
 * messages the database then tombstones (`cascade`); and the batch record with the pieces its
 * response is put together from.
 */
export function writePayload(
	plan: PushPlan,
	stats: readonly SessionStatsDelta[],
	base: number,
	batch: PlannedBatch
): string {
	const sessions = plan.writes.filter((w) => w.type === 'session').map(written);
	const messages = plan.writes.filter((w) => w.type === 'message').map(written);
	const removed = stats
		.filter((d) => d.removedIds.length > 0)
		.map((d) => ({ session_id: d.sessionId, removed_ids: d.removedIds }));
	const usage = plan.usage.map((u) => ({
		day: u.day,
		sent: u.messagesSent,
		received: u.messagesReceived,
		input_tokens: u.inputTokens,
		output_tokens: u.outputTokens
	}));
	const jobs = jobRows(plan.writes);
	const cascade = plan.deletedSessions;
	const parts = { sessions, messages, jobs, stats: statsRows(stats), removed, usage, cascade };
	const payload = Object.fromEntries(Object.entries(parts).filter(([, rows]) => rows.length > 0));
	const pieces = responsePieces(PROTOCOL_VERSION, batch.batchId, plan.seq, plan.results);
	return JSON.stringify({
		...payload,
		...(movesSequence(plan, base) ? { seq: plan.seq } : {}),
		batch: { ...batch, pieces }
	});
}

/** Writes a plan made from the stored records, from its payload; resolves with the response. */
export async function writePlan(tx: Queryable, userId: string, payload: string): Promise<string> {
	const [row] = await tx.query<{ response: string | null }>(WRITE, [userId, payload]);
	if (!row?.response) throw new Error('the push stored no response');
	return row.response;
}
