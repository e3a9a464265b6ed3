import type { Queryable } from '../db/database';
import type { PushPlan } from './plan-push';
import type { ResponsePiece } from './response-text';
import type { SessionStatsDelta } from './session-stats';
import type { StoredRecord } from './stored-record';

function sessionRow(record: StoredRecord) {
	const data = record.type === 'session' && !record.deleted ? record.data : null;
	return {
		id: record.id,
		version: record.version,
		deleted: record.deleted,
		hash: record.hash,
		title: data?.title ?? null,
		created_at: data?.createdAt ?? null,
		updated_at: data?.updatedAt ?? null
	};
}

function messageRow(record: StoredRecord) {
	const data = record.type === 'message' && !record.deleted ? record.data : null;
	return {
		id: record.id,
		version: record.version,
		deleted: record.deleted,
		hash: record.hash,
		session_id: data?.sessionId ?? null,
		role: data?.role ?? null,
		content: data?.content ?? null,
		model: data?.model ?? null,
		status: data?.status ?? null,
		input_tokens: data?.inputTokens ?? null,
		output_tokens: data?.outputTokens ?? null,
		elapsed_ms: data?.elapsedMs ?? null,
		created_at: data?.createdAt ?? null,
		updated_at: data?.updatedAt ?? null,
		reply_request: data?.replyRequest ?? null
	};
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
 * What a push writes besides its records: the new change sequence (before the cascade), the
 * sessions whose stored messages the cascade tombstones, and the batch record with the pieces
 * its response is put together from.
 */
export interface WriteTail {
	seq?: number;
	cascade?: string[];
	batch?: { batchId: string; bodyHash: string; pieces: ResponsePiece[] };
}

/**
 * The payload outpost_push_write writes a plan from: only the records the plan changes, its
 * stats, usage and tail, each part only when it has something to write.
 */
export function writePayload(
	plan: Pick<PushPlan, 'writes' | 'usage'>,
	stats: readonly SessionStatsDelta[],
	tail: WriteTail = {}
): string {
	const sessions = plan.writes.filter((w) => w.type === 'session').map(sessionRow);
	const messages = plan.writes.filter((w) => w.type === 'message').map(messageRow);
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
	const parts = { sessions, messages, jobs, stats: statsRows(stats), removed, usage };
	const payload = Object.fromEntries(Object.entries(parts).filter(([, rows]) => rows.length > 0));
	return JSON.stringify({ ...payload, ...tail });
}

/** Writes a plan made from the stored records, from its payload; resolves with the response. */
export async function writePlan(tx: Queryable, userId: string, payload: string): Promise<string> {
	const [row] = await tx.query<{ response: string | null }>(WRITE, [userId, payload]);
	if (!row?.response) throw new Error('the push stored no response');
	return row.response;
}
