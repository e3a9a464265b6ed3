import type { Database, Transaction } from '../db/database';
import { PROTOCOL_VERSION } from '$lib/protocol/version';
import type { PushRequest, PushResponse } from '$lib/protocol/push';
import { encodeCursor } from '$lib/sync/cursor';
import { cascadeDeletes, writeStatements, type WriteTail } from './apply-plan';
import { checkRecord, type CheckedRecord } from './check-record';
import { planPush } from './plan-push';
import { RateLimitedError, rateLimitedOutcome } from './rate-limit';
import { rowToRecord, type RecordRow } from './record-rows';
import { sessionStatsDeltas } from './session-stats';
import { recordKey } from './stored-record';
import { hashDataSync, sha256HexSync } from './server-hash';

/** The outcome of a push. */
export type PushOutcome =
	| {
			ok: true;
			/** The response body; for a replay, the stored one, byte for byte. */
			body: string;
			replayed: boolean;
			/** Statuses of the records, for metrics (empty for a replay). */
			statuses: PushResponse['results'][number]['status'][];
			/** Rows the push wrote, the batch record included. */
			rowsWritten: number;
	  }
	| { ok: false; code: 'batch_conflict' }
	| { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

/** Options of a push. */
export interface PushOptions {
	/** Push and pull requests allowed per user per minute; 0 for no limit. */
	rateLimit: number;
	/** The request body as received, for envelopes that have no RFC 8785 form. */
	rawBody?: string;
}

/**
 * What identifies a batch's body for exactly-once: the hash of its RFC 8785 form. JSON that
 * has none (a lone surrogate, a number beyond a double, nesting past the stack) is identified
 * by its exact bytes instead; its bad records are rejected as usual.
 */
function envelopeHash(request: PushRequest, rawBody: string | undefined): string {
	try {
		return hashDataSync(request);
	} catch {
		return `raw:${sha256HexSync(rawBody ?? JSON.stringify(request))}`;
	}
}

function idsOf(checked: readonly CheckedRecord[]) {
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
	return { sessionIds: [...sessionIds], messageIds: [...messageIds] };
}

/** What outpost_push_begin (see its migration) returns. */
interface PushBegin {
	retryAfter?: number;
	seq?: number;
	batch?: { bodyHash: string; response: string };
	records?: RecordRow[];
}

const PUSH_BEGIN = 'select outpost_push_begin($1, $2, $3::text[], $4::text[], $5) as begin';

async function inTransaction(
	tx: Transaction,
	userId: string,
	request: PushRequest,
	bodyHash: string,
	checked: readonly CheckedRecord[],
	options: PushOptions
): Promise<PushOutcome> {
	const { sessionIds, messageIds } = idsOf(checked);
	// One statement: act as the user, count the request, lock the user's sync_state row, then
	// find the batch and the stored records (the migration says why that order is safe).
	const [row] = await tx.query<{ begin: PushBegin }>(PUSH_BEGIN, [
		userId,
		request.batchId,
		sessionIds,
		messageIds,
		options.rateLimit
	]);
	const begun = row?.begin ?? {};
	if (begun.retryAfter !== undefined) throw new RateLimitedError(begun.retryAfter);
	const batch = begun.batch;
	if (batch) {
		if (batch.bodyHash !== bodyHash) return { ok: false, code: 'batch_conflict' };
		return { ok: true, body: batch.response, replayed: true, statuses: [], rowsWritten: 0 };
	}
	const stored = (begun.records ?? []).map(rowToRecord);
	const seq = Number(begun.seq ?? 0);
	const before = new Map(stored.map((r) => [recordKey(r.type, r.id), r]));
	const plan = planPush(checked, before, seq);
	const stats = sessionStatsDeltas(plan.writes, before, new Set(plan.deletedSessions));
	const tail = (newSeq: number, body: string): WriteTail => ({
		...(newSeq !== seq ? { seq: newSeq } : {}),
		batch: { batchId: request.batchId, bodyHash, response: body }
	});
	const responseBody = (newSeq: number) =>
		JSON.stringify({
			protocol: PROTOCOL_VERSION,
			batchId: request.batchId,
			cursor: encodeCursor(newSeq),
			results: plan.results
		} satisfies PushResponse);

	let newSeq = plan.seq;
	let body: string;
	if (plan.deletedSessions.length === 0) {
		body = responseBody(newSeq);
		const statements = writeStatements(userId, plan, stats, tail(newSeq, body));
		const writes = statements.map((s) => tx.query(s.text, s.params));
		await Promise.all([...writes, tx.commitEarly()]);
	} else {
		// A session delete tombstones its stored messages too, numbered after the plan's changes.
		for (const s of writeStatements(userId, plan, stats)) await tx.query(s.text, s.params);
		newSeq = await cascadeDeletes(tx, userId, plan);
		body = responseBody(newSeq);
		for (const s of writeStatements(userId, { writes: [], usage: [] }, [], tail(newSeq, body))) {
			await tx.query(s.text, s.params);
		}
	}
	return {
		ok: true,
		body,
		replayed: false,
		statuses: plan.results.map((r) => r.status),
		rowsWritten:
			plan.writes.length +
			(newSeq - plan.seq) +
			stats.length +
			plan.usage.length +
			(newSeq !== seq ? 1 : 0) +
			1
	};
}

/**
 * Applies one batch for one user in one transaction, exactly once: a batch already applied
 * with the same canonical body gets its stored response back and writes nothing; the same
 * batchId with another body is a conflict. Correctness rests on the database alone.
 */
export async function applyPush(
	db: Database,
	userId: string,
	request: PushRequest,
	options: PushOptions = { rateLimit: 0 }
): Promise<PushOutcome> {
	const bodyHash = envelopeHash(request, options.rawBody);
	const checked = request.records.map(checkRecord);
	try {
		return await db.transaction((tx) =>
			inTransaction(tx, userId, request, bodyHash, checked, options)
		);
	} catch (error) {
		return rateLimitedOutcome(error);
	}
}
