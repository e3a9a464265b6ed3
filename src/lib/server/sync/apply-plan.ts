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

// outpost_push_write (see its migration) writes a plan from one JSON payload: the rows of
// each part, the sequence and the batch record. Versions and the sequence in the payload count
// from the base it is given: 0 here, the user's sequence for a one-trip plan.
const WRITE = 'select outpost_push_write($1, $2::text::jsonb, 0) as response';

const CASCADE_DELETE = `with doomed as (
		select id, row_number() over (order by version, id) as n from chat_messages
		where user_id = $1 and session_id = any($2::text[]) and not deleted
	), updated as (
		update chat_messages m set deleted = true, version = $3 + d.n, hash = null, session_id = null,
			role = null, content = null, model = null, status = null, input_tokens = null,
			output_tokens = null, elapsed_ms = null, created_at = null, updated_at = null
		from doomed d where m.user_id = $1 and m.id = d.id
		returning m.version
	)
	select coalesce(max(version), $3)::int as seq from updated`;

function statsRows(stats: readonly SessionStatsDelta[]) {
	return stats.map((d) => ({
		session_id: d.sessionId,
		messages: d.messages,
		tokens: d.tokens,
		latest_id: d.latest?.id ?? null,
		latest_at: d.latest?.at ?? null,
		latest_preview: d.latest?.preview ?? null
	}));
}

/**
 * Tombstones the stored messages of the sessions a plan deletes, numbering them after the
 * plan's own changes. Returns the user's change sequence after them.
 */
export async function cascadeDeletes(
	tx: Queryable,
	userId: string,
	plan: PushPlan
): Promise<number> {
	if (plan.deletedSessions.length === 0) return plan.seq;
	const [row] = await tx.query<{ seq: number }>(CASCADE_DELETE, [
		userId,
		plan.deletedSessions,
		plan.seq
	]);
	return Number(row?.seq ?? plan.seq);
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
 * What a push writes besides its records: the new change sequence and the batch record, with
 * its response text, or for a one-trip plan the pieces it is put together from.
 */
export interface WriteTail {
	seq?: number;
	batch?: { batchId: string; bodyHash: string } & (
		{ response: string } | { pieces: ResponsePiece[] }
	);
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

/** Writes a plan made from the stored records, from its payload. */
export function writePlan(tx: Queryable, userId: string, payload: string): Promise<unknown> {
	return tx.query(WRITE, [userId, payload]);
}
