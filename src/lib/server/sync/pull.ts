import type { Database, Queryable } from '../db/database';
import { pipeline } from '../db/pipeline';
import { actAsUser } from '../db/user-transaction';
import { PROTOCOL_VERSION } from '$lib/protocol/version';
import type { VersionedRecord } from '$lib/protocol/record';
import type { PullResponse } from '$lib/protocol/pull';
import { encodeCursor, encodeRecentCursor, type RecentPosition } from '$lib/sync/cursor';
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

/** A stored row as a pulled record. */
function toVersioned(row: RecordRow): VersionedRecord {
	const stored = rowToRecord(row);
	return { ...toWireRecord(stored), version: stored.version };
}

/** Which rows a page reads, in which order, within which bounds. */
export interface PageSpec {
	userId: string;
	/** SQL over `outpost_records` ($1 is the user; `params` are $2, $3, …). */
	filter: string;
	params: unknown[];
	/** By version, newest first; else oldest first. */
	descending: boolean;
	limit: number;
	maxBytes: number;
}

/**
 * Reads one page: up to `limit` rows, ending once their text reaches `maxBytes` (always at
 * least one row). Sizes come from the stored lengths, so that rows left out are never read.
 * `version > 0` (always true) is what lets the partial change indexes serve the page.
 */
export async function readPage(
	tx: Queryable,
	spec: PageSpec
): Promise<{ page: RecordRow[]; hasMore: boolean }> {
	const order = spec.descending ? 'version desc' : 'version';
	const next = spec.params.length + 2;
	const rows = await tx.query<RecordRow & { scanned: number }>(
		`select * from (
			select r.*,
				coalesce(sum(coalesce(octet_length(r.content), 0) + coalesce(octet_length(r.title), 0)
					+ ${RECORD_OVERHEAD_BYTES}) over (order by r.${order}
						rows between unbounded preceding and 1 preceding), 0) as bytes_before,
				count(*) over () as scanned
			from (
				select * from outpost_records
				where user_id = $1 and version > 0 and ${spec.filter}
				order by ${order} limit $${next}
			) r
		) p
		where bytes_before < $${next + 1}
		order by ${order}`,
		[spec.userId, ...spec.params, spec.limit + 1, spec.maxBytes]
	);
	const hasMore = rows.length > spec.limit || rows.length < Number(rows[0]?.scanned ?? 0);
	return { page: rows.slice(0, spec.limit), hasMore };
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
	return inPull(db, userId, options, async (tx, seq) => {
		if (after !== undefined && after > seq) return { ok: false, code: 'cursor_ahead' };
		if (options.signal?.aborted) return { ok: false, code: 'aborted' };
		const { page, hasMore } = await readPage(tx, {
			userId,
			filter: `version > $2 and version <= $3 ${after === undefined ? 'and not deleted' : ''}`,
			params: [after ?? 0, seq],
			descending: false,
			limit,
			maxBytes: options.maxBytes ?? PULL_PAGE_BYTES
		});
		const last = page.at(-1);
		const position = hasMore && last ? Number(last.version) : Math.max(seq, after ?? 0);
		return pulled(page, encodeCursor(position), hasMore);
	});
}

/**
 * One page of the user's live state in recent order (`order=recent`): every session, newest
 * change first, then every message, newest change first, so that a new device shows the chat
 * list and the newest messages before the whole history has arrived. The snapshot is taken at
 * the first page's change number; its last page answers the plain cursor of that number, from
 * which later pulls return what changed meanwhile.
 */
export async function pullRecent(
	db: Database,
	userId: string,
	at: RecentPosition | undefined,
	limit: number,
	options: PullOptions = { rateLimit: 0 }
): Promise<PullOutcome> {
	return inPull(db, userId, options, async (tx, current) => {
		if (at !== undefined && at.seq > current) return { ok: false, code: 'cursor_ahead' };
		if (options.signal?.aborted) return { ok: false, code: 'aborted' };
		const position = at ?? { seq: current, phase: 'session', below: current + 1 };
		const { page, hasMore } = await readPage(tx, {
			userId,
			filter: `type = $2 and version < $3 and version <= $4 and not deleted`,
			params: [position.phase, position.below, position.seq],
			descending: true,
			limit,
			maxBytes: options.maxBytes ?? PULL_PAGE_BYTES
		});
		const last = page.at(-1);
		const next: RecentPosition | undefined =
			hasMore && last
				? { ...position, below: Number(last.version) }
				: position.phase === 'session'
					? { seq: position.seq, phase: 'message', below: position.seq + 1 }
					: undefined;
		return pulled(page, next ? encodeRecentCursor(next) : encodeCursor(position.seq), !!next);
	});
}

/** The 200 answer of a page. */
function pulled(page: RecordRow[], cursor: string, hasMore: boolean): PullOutcome {
	return {
		ok: true,
		response: { protocol: PROTOCOL_VERSION, records: page.map(toVersioned), cursor, hasMore }
	};
}

/**
 * Runs a pull in one transaction as the user, counted against the sync rate limit, with the
 * user's newest change number: rows up to it are read, and a push committing meanwhile is left
 * for the next pull.
 */
async function inPull(
	db: Database,
	userId: string,
	options: PullOptions,
	body: (tx: Queryable, seq: number) => Promise<PullOutcome>
): Promise<PullOutcome> {
	try {
		return await db.transaction(async (tx): Promise<PullOutcome> => {
			const [, , state] = await pipeline([
				actAsUser(tx, userId),
				countRequest(tx, userId, options.rateLimit),
				tx.query<{ seq: number }>('select seq::int as seq from sync_state where user_id = $1', [
					userId
				])
			]);
			const outcome = await body(tx, Number(state[0]?.seq ?? 0));
			if (outcome.ok && options.signal?.aborted) return { ok: false, code: 'aborted' };
			return outcome;
		});
	} catch (error) {
		return rateLimitedOutcome(error);
	}
}
