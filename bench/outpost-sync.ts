import type { Database } from '../src/lib/server/db/database';
import type { PushRequest } from '../src/lib/protocol/push';
import type { SyncRecord } from '../src/lib/protocol/record';
import { applyPush } from '../src/lib/server/sync/push';
import { hashData } from '../src/lib/sync/hash';
import type { HistoryMessage, HistorySession } from './history';

/**
 * The rate limit the benchmark pushes with: on, so that its row is counted, but never reached.
 */
export const BENCH_RATE_LIMIT = 1_000_000_000;

/** A session as an Outpost upsert record. */
export async function sessionRecord(session: HistorySession): Promise<SyncRecord> {
	const data = { title: session.title, createdAt: session.createdAt, updatedAt: session.updatedAt };
	return { type: 'session', id: session.id, op: 'upsert', hash: await hashData(data), data };
}

/** A message as an Outpost upsert record. */
export async function messageRecord(message: HistoryMessage): Promise<SyncRecord> {
	const { id, ...rest } = message;
	const data = { ...rest, status: 'complete' as const };
	return { type: 'message', id, op: 'upsert', hash: await hashData(data), data };
}

let batchCounter = 0;

/**
 * Pushes records as one batch, as the sync worker sends them: the server parses the body and
 * applies it. Returns the body size and the server's time.
 */
export async function outpostPush(
	db: Database,
	userId: string,
	records: SyncRecord[]
): Promise<{ requestBytes: number; serverMs: number }> {
	const body = JSON.stringify({
		protocol: 1,
		clientId: 'bench-client',
		batchId: `bench-${process.pid}-${batchCounter++}`,
		records
	});
	const start = performance.now();
	const request = JSON.parse(body) as PushRequest;
	const outcome = await applyPush(db, userId, request, {
		rateLimit: BENCH_RATE_LIMIT,
		rawBody: body
	});
	const serverMs = performance.now() - start;
	if (!outcome.ok) throw new Error(`push refused: ${outcome.code}`);
	const results = (JSON.parse(outcome.body) as { results: { status: string; code?: string }[] })
		.results;
	const refused = results.find((r) => r.status === 'rejected');
	if (refused) throw new Error(`record rejected: ${refused.code}`);
	return { requestBytes: Buffer.byteLength(body), serverMs };
}
