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

/** About the most bytes of record text one page carries (always at least one record). */
export const PULL_PAGE_BYTES = 1024 * 1024;

/** What a record costs in a page besides its title and content: ids, hash, times, keys. */
const RECORD_OVERHEAD_BYTES = 320;

/** A page of changes; how long to wait when over the rate limit; or a cursor this server never gave. */
export type PullOutcome =
	| { ok: true; response: PullResponse }
	| { ok: false; code: 'rate_limited'; retryAfterSeconds: number }
	| { ok: false; code: 'cursor_ahead' }
	| { ok: false; code: 'aborted' };

/** How a pull is bounded besides its record count. */
export interface PullOptions {
	/** Sync requests per user per minute; 0 is no limit. */
	rateLimit: number;
	/** About the most bytes of record text in the page. */
	maxBytes?: number;
	/** Aborted when the client has gone: the work stops at the next step. */
	signal?: AbortSignal;
}

/**
 * One page of a user's changes after change number `after`, in applied order; with
 * `after` undefined, the live state (no tombstones). A page ends at `limit` records or once
 * its records' text reaches `maxBytes`, whichever comes first; sizes come from the stored
 * lengths, so that records left out are never read. The cursor of the last page is the
 * user's newest change as of the pull. A cursor past that newest change was not made here:
 * `cursor_ahead`.
 */
export async function pullChanges(
	db: Database,
	userId: string,
	after: number | undefined,
	limit: number,
	options: PullOptions = { rateLimit: 0 }
): Promise<PullOutcome> {
	const maxBytes = options.maxBytes ?? PULL_PAGE_BYTES;
	try {
		return await db.transaction(async (tx): Promise<PullOutcome> => {
			const [, , state] = await pipeline([
				actAsUser(tx, userId),
				countRequest(tx, userId, options.rateLimit),
				tx.query<{ seq: number }>('select seq::int as seq from sync_state where user_id = $1', [
					userId
				])
			]);
			const seq = Number(state[0]?.seq ?? 0);
			if (after !== undefined && after > seq) return { ok: false, code: 'cursor_ahead' };
			if (options.signal?.aborted) return { ok: false, code: 'aborted' };
			const liveOnly = after === undefined ? 'and not deleted' : '';
			// Rows up to the sequence read first: a push committing meanwhile is left for the next pull.
			// `version > 0` (always true) is what lets the partial change indexes serve the pull.
			// octet_length of a stored text reads its length, not the text itself.
			const rows = await tx.query<RecordRow & { scanned: number }>(
				`select * from (
					select r.*,
						coalesce(sum(coalesce(octet_length(r.content), 0) + coalesce(octet_length(r.title), 0)
							+ ${RECORD_OVERHEAD_BYTES}) over (order by r.version
								rows between unbounded preceding and 1 preceding), 0) as bytes_before,
						count(*) over () as scanned
					from (
						select * from outpost_records
						where user_id = $1 and version > 0 and version > $2 and version <= $3 ${liveOnly}
						order by version limit $4
					) r
				) p
				where bytes_before < $5
				order by version`,
				[userId, after ?? 0, seq, limit + 1, maxBytes]
			);
			if (options.signal?.aborted) return { ok: false, code: 'aborted' };
			const hasMore = rows.length > limit || rows.length < Number(rows[0]?.scanned ?? 0);
			const page = rows.slice(0, limit);
			const records: VersionedRecord[] = page.map((row) => {
				const stored = rowToRecord(row);
				return { ...toWireRecord(stored), version: stored.version };
			});
			const last = page.at(-1);
			const position = hasMore && last ? Number(last.version) : Math.max(seq, after ?? 0);
			return {
				ok: true,
				response: { protocol: PROTOCOL_VERSION, records, cursor: encodeCursor(position), hasMore }
			};
		});
	} catch (error) {
		return rateLimitedOutcome(error);
	}
}
