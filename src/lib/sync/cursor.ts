/**
 * Pull cursors. On the wire a cursor is opaque; inside it is the user's change sequence number.
 */
const PREFIX = 'c1.';

/** The cursor for change sequence number `seq`. */
export function encodeCursor(seq: number): string {
	return `${PREFIX}${seq.toString(36)}`;
}

/** The sequence number inside a cursor, or `undefined` when it is not one of ours. */
export function decodeCursor(cursor: string): number | undefined {
	if (!cursor.startsWith(PREFIX)) return undefined;
	const body = cursor.slice(PREFIX.length);
	if (!/^[0-9a-z]{1,12}$/.test(body)) return undefined;
	const seq = parseInt(body, 36);
	return Number.isSafeInteger(seq) ? seq : undefined;
}

/**
 * Where a pull of the live state in recent order (`order=recent`) stands: the change number
 * `seq` the snapshot was taken at, the phase (sessions first, then messages), and the version
 * the next page reads below.
 */
export interface RecentPosition {
	seq: number;
	phase: 'session' | 'message';
	below: number;
}

const RECENT_PREFIX = 'r1.';
const PART = /^[0-9a-z]{1,12}$/;

/** The cursor of a position in a recent-order snapshot. */
export function encodeRecentCursor(at: RecentPosition): string {
	const phase = at.phase === 'session' ? 's' : 'm';
	return `${RECENT_PREFIX}${at.seq.toString(36)}.${phase}${at.below.toString(36)}`;
}

/** The position inside a recent-order cursor, or `undefined` when it is not one of ours. */
export function decodeRecentCursor(cursor: string): RecentPosition | undefined {
	if (!cursor.startsWith(RECENT_PREFIX)) return undefined;
	const [seqPart, rest, extra] = cursor.slice(RECENT_PREFIX.length).split('.');
	if (seqPart === undefined || rest === undefined || extra !== undefined) return undefined;
	const phase = rest[0] === 's' ? 'session' : rest[0] === 'm' ? 'message' : undefined;
	const belowPart = rest.slice(1);
	if (!phase || !PART.test(seqPart) || !PART.test(belowPart)) return undefined;
	const seq = parseInt(seqPart, 36);
	const below = parseInt(belowPart, 36);
	if (!Number.isSafeInteger(seq) || !Number.isSafeInteger(below) || below > seq + 1) {
		return undefined;
	}
	return { seq, phase, below };
}
