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
	/**
	 * SQL over `outpost_records` ($1 is the user; `params` are $2, $3, …); `snapshot.seq` is the
	 * user's newest change number as the statement sees it.
	 */
	filter: string;
	params: unknown[];
	/** By version, newest first; else oldest first. */
	descending: boolean;
	limit: number;
	maxBytes: number;
}

/** A page read, with the user's newest change number that bounded it. */
interface Page {
	page: RecordRow[];
	hasMore: boolean;
	seq: number;
}

/**
 * Reads one page: up to `limit` rows, ending once their text reaches `maxBytes` (always at
 * least one row). Sizes come from the stored lengths, so that rows left out are never read.
 * `version > 0` (always true) is what lets the partial change indexes serve the page. The
 * user's newest change number comes in the same statement, on every row and on the one row of
 * nulls an empty page is.
 */
function readPage(tx: Queryable, userId: string, spec: PageSpec): Promise<Page> {
	const order = spec.descending ? 'version desc' : 'version';
	const next = spec.params.length + 2;
	const reading = tx.query<RecordRow & { scanned: number; snapshot_seq: string }>(
		`with snapshot as (
			select coalesce((select seq from sync_state where user_id = $1), 0) as seq
		)
		select snapshot.seq::text as snapshot_seq, p.* from snapshot left join (
			select * from (
				select r.*,
					coalesce(sum(coalesce(octet_length(r.content), 0) + coalesce(octet_length(r.title), 0)
						+ ${RECORD_OVERHEAD_BYTES}) over (order by r.${order}
							rows between unbounded preceding and 1 preceding), 0) as bytes_before,
					count(*) over () as scanned
				from (
					select * from outpost_records, snapshot
					where user_id = $1 and version > 0 and ${spec.filter}
					order by ${order} limit $${next}
				) r
			) q
			where bytes_before < $${next + 1}
		) p on true
		order by p.${order}`,
		[userId, ...spec.params, spec.limit + 1, spec.maxBytes]
	);
	return reading.then((rows) => {
		const found = rows.filter((row) => row.id !== null);
		const hasMore = found.length > spec.limit || found.length < Number(found[0]?.scanned ?? 0);
		return { page: found.slice(0, spec.limit), hasMore, seq: Number(rows[0]?.snapshot_seq ?? 0) };
	});
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
	const spec: PageSpec = {
		filter: `version > $2 and version <= snapshot.seq ${after === undefined ? 'and not deleted' : ''}`,
		params: [after ?? 0],
		descending: false,
		limit,
		maxBytes: options.maxBytes ?? PULL_PAGE_BYTES
	};
	return inPull(db, userId, options, spec, ({ page, hasMore, seq }) => {
		if (after !== undefined && after > seq) return { ok: false, code: 'cursor_ahead' };
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
	const spec: PageSpec = {
		filter: at
			? `type = $2 and version < $3 and version <= $4 and not deleted`
			: `type = $2 and version <= snapshot.seq and not deleted`,
		params: at ? [at.phase, at.below, at.seq] : ['session'],
		descending: true,
		limit,
		maxBytes: options.maxBytes ?? PULL_PAGE_BYTES
	};
	return inPull(db, userId, options, spec, ({ page, hasMore, seq }) => {
		if (at !== undefined && at.seq > seq) return { ok: false, code: 'cursor_ahead' };
		const position = at ?? { seq, phase: 'session', below: seq + 1 };
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
 * Runs a pull in one transaction as the user, counted against the sync rate limit, sent in one
 * pipeline with the commit: one round trip. The page is read up to the user's newest change
 * number as of its statement; a push committing later is left for the next pull. The commit
 * does not wait for the disk: all the pull wrote is the rate limit's count, which a crash may
 * lose at no cost.
 */
async function inPull(
	db: Database,
	userId: string,
	options: PullOptions,
	spec: PageSpec,
	answer: (page: Page) => PullOutcome
): Promise<PullOutcome> {
	if (options.signal?.aborted) return { ok: false, code: 'aborted' };
	try {
		return await db.transaction(async (tx): Promise<PullOutcome> => {
			const [, , , page] = await pipeline([
				actAsUser(tx, userId),
				tx.query(`select set_config('synchronous_commit', 'off', true)`),
				countRequest(tx, userId, options.rateLimit),
				readPage(tx, userId, spec),
				tx.commitEarly()
			]);
			if (options.signal?.aborted) return { ok: false, code: 'aborted' };
			return answer(page);
		});
	} catch (error) {
		return rateLimitedOutcome(error);
	}
}
