import type { Database, Queryable } from '../db/database';
import { PROTOCOL_VERSION } from '$lib/protocol/version';
import type { VersionedRecord } from '$lib/protocol/record';
import type { PullResponse } from '$lib/protocol/pull';
import { encodeCursor, encodeRecentCursor, type RecentPosition } from '$lib/sync/cursor';
import { rateLimitedOutcome } from './rate-limit';

/** About the most bytes of record text one page carries (always at least one record). */
export const PULL_PAGE_BYTES = 1024 * 1024;

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

/** Which page a pull asks outpost_pull (supabase/schemas/55_pull.sql) for. */
interface PageRequest {
	recent: boolean;
	type?: string;
	after?: number;
	below?: number;
	upto?: number;
	live?: boolean;
}

/**
 * What outpost_pull answers: the page's records, the rows it read, and the user's newest change
 * number.
 */
interface Page {
	rows: VersionedRecord[];
	scanned: number;
	seq: number;
}

/** A page as a pull answers it: its records, whether more follow, the newest change number. */
interface PageRead {
	page: VersionedRecord[];
	hasMore: boolean;
	seq: number;
}

const PULL = 'select outpost_pull($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) as page';

/**
 * Reads one page in one statement: the request counted against the rate limit, then up to
 * `limit` records (fewer once their text reaches the byte budget), and the user's newest change
 * number. The page has more when the database read rows it left out.
 */
async function readPage(
	db: Queryable,
	userId: string,
	page: PageRequest,
	limit: number,
	options: PullOptions
): Promise<PageRead> {
	const [row] = await db.query<{ page: Page }>(PULL, [
		userId,
		options.rateLimit,
		page.recent,
		page.type ?? null,
		page.after ?? null,
		page.below ?? null,
		page.upto ?? null,
		page.live ?? false,
		limit,
		options.maxBytes ?? PULL_PAGE_BYTES
	]);
	const { rows = [], scanned = 0, seq = 0 } = row?.page ?? {};
	const hasMore = rows.length > limit || rows.length < Number(scanned);
	return { page: rows.slice(0, limit), hasMore, seq: Number(seq) };
}

/**
 * One page of a user's changes after change number `after`, in applied order; with
 * `after` undefined, the live state (no tombstones). A page ends at `limit` records or once
 * its records' text reaches `maxBytes`, whichever comes first. The cursor of the last page is
 * the user's newest change as of the pull. A cursor past that newest change was not made here:
 * `cursor_ahead`.
 */
export function pullChanges(
	db: Database,
	userId: string,
	after: number | undefined,
	limit: number,
	options: PullOptions = { rateLimit: 0 }
): Promise<PullOutcome> {
	const request = { recent: false, after: after ?? 0, live: after === undefined };
	return pull(db, userId, request, limit, options, ({ page, hasMore, seq }) => {
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
export function pullRecent(
	db: Database,
	userId: string,
	at: RecentPosition | undefined,
	limit: number,
	options: PullOptions = { rateLimit: 0 }
): Promise<PullOutcome> {
	const request = at
		? { recent: true, type: at.phase, below: at.below, upto: at.seq }
		: { recent: true, type: 'session' };
	return pull(db, userId, request, limit, options, ({ page, hasMore, seq }) => {
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
function pulled(page: VersionedRecord[], cursor: string, hasMore: boolean): PullOutcome {
	return { ok: true, response: { protocol: PROTOCOL_VERSION, records: page, cursor, hasMore } };
}

/** Reads the page and answers it, unless the client has gone or the rate limit refuses. */
async function pull(
	db: Database,
	userId: string,
	request: PageRequest,
	limit: number,
	options: PullOptions,
	answer: (page: PageRead) => PullOutcome
): Promise<PullOutcome> {
	try {
		// On a connection of its own only to be sent once one is free (PGlite: once the database
		// is), and then not at all if the client has gone meanwhile: a flood of pulls abandoned
		// while they waited costs nothing. The statement commits by itself, with no BEGIN or
		// COMMIT around it.
		return await db.reserved(async (connection): Promise<PullOutcome> => {
			if (options.signal?.aborted) return { ok: false, code: 'aborted' };
			const page = await readPage(connection, userId, request, limit, options);
			if (options.signal?.aborted) return { ok: false, code: 'aborted' };
			return answer(page);
		});
	} catch (error) {
		return rateLimitedOutcome(error);
	}
}
