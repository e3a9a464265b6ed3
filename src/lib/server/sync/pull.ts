import type { Database } from '../db/database';
import { pipeline } from '../db/pipeline';
import { actAsUser } from '../db/user-transaction';
import { PROTOCOL_VERSION } from '$lib/protocol/version';
import type { VersionedRecord } from '$lib/protocol/record';
import type { PullResponse } from '$lib/protocol/pull';
import { encodeCursor } from '$lib/sync/cursor';
import { countRequest, rateLimitedOutcome } from './rate-limit';
import { rowToRecord, type RecordRow } from './record-rows';
import { toWireRecord } from './stored-record';

/** A page of changes, or how long to wait when over the rate limit. */
export type PullOutcome =
	| { ok: true; response: PullResponse }
	| { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

/**
 * One page of a user's changes after change number `after`, in applied order; with
 * `after` undefined, the live state (no tombstones). The cursor of the last page is the
 * user's newest change as of the pull.
 */
export async function pullChanges(
	db: Database,
	userId: string,
	after: number | undefined,
	limit: number,
	options: { rateLimit: number } = { rateLimit: 0 }
): Promise<PullOutcome> {
	try {
		const response = await db.transaction(async (tx): Promise<PullResponse> => {
			const [, , state] = await pipeline([
				actAsUser(tx, userId),
				countRequest(tx, userId, options.rateLimit),
				tx.query<{ seq: number }>('select seq::int as seq from sync_state where user_id = $1', [
					userId
				])
			]);
			const seq = Number(state[0]?.seq ?? 0);
			const liveOnly = after === undefined ? 'and not deleted' : '';
			// Rows up to the sequence read first: a push committing meanwhile is left for the next pull.
			// `version > 0` (always true) is what lets the partial change indexes serve the pull.
			const rows = await tx.query<RecordRow>(
				`select * from outpost_records
				where user_id = $1 and version > 0 and version > $2 and version <= $3 ${liveOnly}
				order by version limit $4`,
				[userId, after ?? 0, seq, limit + 1]
			);
			const hasMore = rows.length > limit;
			const page = rows.slice(0, limit);
			const records: VersionedRecord[] = page.map((row) => {
				const stored = rowToRecord(row);
				return { ...toWireRecord(stored), version: stored.version };
			});
			const last = page.at(-1);
			const position = hasMore && last ? Number(last.version) : Math.max(seq, after ?? 0);
			return { protocol: PROTOCOL_VERSION, records, cursor: encodeCursor(position), hasMore };
		});
		return { ok: true, response };
	} catch (error) {
		return rateLimitedOutcome(error);
	}
}
