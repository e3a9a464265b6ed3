import type { Database, Transaction } from '../db/database';
import { pipeline } from '../db/pipeline';
import type { PushRequest, PushResponse } from '$lib/protocol/push';
import type { VersionedRecord } from '$lib/protocol/record';
import { announceChange } from '../events/change-notices';
import { movesSequence, rowsWritten, writePayload, writePlan } from './apply-plan';
import { checkRecord, type CheckedRecord } from './check-record';
import { oneTripPlan, type OneTripPlan } from './one-trip-plan';
import { planPush } from './plan-push';
import { rateLimitedOutcome } from './rate-limit';
import { sessionStatsDeltas } from './session-stats';
import { decodeCursor } from '$lib/sync/cursor';
import { responseCursor } from './response-text';
import { fromVersioned, recordKey } from './stored-record';
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
			/** Whether it moved the user's change sequence (false for a replay). */
			changed: boolean;
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

/** The ids a batch names, for the probes that begin a push. */
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

/** The parameters every push begins with: $1 to $5 of PUSH_BEGIN and PUSH_ONE_TRIP. */
function beginParams(
	userId: string,
	request: PushRequest,
	checked: readonly CheckedRecord[],
	options: PushOptions
): unknown[] {
	const { sessionIds, messageIds } = idsOf(checked);
	return [userId, request.batchId, sessionIds, messageIds, options.rateLimit];
}

/** What outpost_push_begin (see its migrations) returns. */
interface PushBegin {
	seq?: number;
	batch?: StoredBatch;
	records?: VersionedRecord[];
}

/** What outpost_push_one_trip returns: the response it stored, a stored batch, or neither. */
interface OneTripResult {
	response?: string | null;
	batch?: StoredBatch;
}

interface StoredBatch {
	bodyHash: string;
	response: string;
}

const PUSH_BEGIN = 'select outpost_push_begin($1, $2, $3::text[], $4::text[], $5) as begin';
const PUSH_ONE_TRIP =
	'select outpost_push_one_trip($1, $2, $3::text[], $4::text[], $5, $6::text[], $7::text::jsonb) as result';

/** The answer to a batch already applied: its stored response, or a conflict. */
function storedAnswer(batch: StoredBatch, bodyHash: string): PushOutcome {
	if (batch.bodyHash !== bodyHash) return { ok: false, code: 'batch_conflict' };
	return {
		ok: true,
		body: batch.response,
		replayed: true,
		statuses: [],
		rowsWritten: 0,
		changed: false
	};
}

/** Reads the records the batch names, plans from them and writes: two round trips. */
async function fromStore(
	tx: Transaction,
	userId: string,
	request: PushRequest,
	bodyHash: string,
	checked: readonly CheckedRecord[],
	options: PushOptions
): Promise<PushOutcome> {
	// One statement: act as the user, count the request, lock the user's sync_state row, then
	// find the batch and the stored records (the migration says why that order is safe).
	const [row] = await tx.query<{ begin: PushBegin }>(
		PUSH_BEGIN,
		beginParams(userId, request, checked, options)
	);
	const begun = row?.begin ?? {};
	if (begun.batch) return storedAnswer(begun.batch, bodyHash);
	const stored = (begun.records ?? []).map(fromVersioned);
	const seq = Number(begun.seq ?? 0);
	const before = new Map(stored.map((r) => [recordKey(r.type, r.id), r]));
	const plan = planPush(checked, before, seq);
	const stats = sessionStatsDeltas(plan.writes, before, new Set(plan.deletedSessions));
	const payload = writePayload(plan, stats, seq, { batchId: request.batchId, bodyHash });
	const [body] = await pipeline([writePlan(tx, userId, payload), tx.commitEarly()]);
	// A session delete tombstones its stored messages too, numbered after the plan's changes:
	// the database counts them, and the response's cursor comes after them.
	const newSeq =
		plan.deletedSessions.length > 0 ? (decodeCursor(responseCursor(body)) ?? plan.seq) : plan.seq;
	return {
		ok: true,
		body,
		replayed: false,
		statuses: plan.results.map((r) => r.status),
		rowsWritten: rowsWritten(plan, stats, newSeq - plan.seq, newSeq !== seq),
		changed: movesSequence(plan, seq)
	};
}

/**
 * Begins the push and writes the one-trip plan in one statement, its own transaction: one
 * round trip. Undefined when the stored records are not what the plan assumed; the statement
 * then wrote nothing but the request's count.
 */
async function oneTrip(
	db: Database,
	userId: string,
	request: PushRequest,
	bodyHash: string,
	checked: readonly CheckedRecord[],
	planned: OneTripPlan,
	options: PushOptions
): Promise<PushOutcome | undefined> {
	const [row] = await db.query<{ result: OneTripResult }>(PUSH_ONE_TRIP, [
		...beginParams(userId, request, checked, options),
		planned.external,
		planned.payload
	]);
	const result = row?.result ?? {};
	if (result.batch) return storedAnswer(result.batch, bodyHash);
	if (result.response === undefined) return undefined;
	if (!result.response) throw new Error('the one-trip push stored no response');
	return {
		ok: true,
		body: result.response,
		replayed: false,
		statuses: planned.plan.results.map((r) => r.status),
		rowsWritten: planned.rowsWritten,
		changed: movesSequence(planned.plan, 0)
	};
}

/** Tells the user's event streams on every instance of a push that changed something. */
function announced(db: Database, userId: string, outcome: PushOutcome): PushOutcome {
	if (outcome.ok && outcome.changed) announceChange(db, userId, responseCursor(outcome.body));
	return outcome;
}

/**
 * Applies one batch for one user in one transaction, exactly once: a batch already applied
 * with the same canonical body gets its stored response back and writes nothing; the same
 * batchId with another body is a conflict. Correctness rests on the database alone. A push
 * that changed something is announced to the user's event streams once it has committed.
 *
 * A batch of new records (a reply) is planned before anything is read and sent in one round
 * trip; when the database holds something it did not assume, the batch is planned again from
 * the stored records in a second transaction, which does not count the request again.
 */
export async function applyPush(
	db: Database,
	userId: string,
	request: PushRequest,
	options: PushOptions = { rateLimit: 0 }
): Promise<PushOutcome> {
	const bodyHash = envelopeHash(request, options.rawBody);
	const checked = request.records.map(checkRecord);
	const planned = oneTripPlan(request, bodyHash, checked);
	try {
		if (planned) {
			const outcome = await oneTrip(db, userId, request, bodyHash, checked, planned, options);
			if (outcome) return announced(db, userId, outcome);
		}
		const counted = planned ? { ...options, rateLimit: 0 } : options;
		const outcome = await db.transaction((tx) =>
			fromStore(tx, userId, request, bodyHash, checked, counted)
		);
		return announced(db, userId, outcome);
	} catch (error) {
		return rateLimitedOutcome(error);
	}
}
