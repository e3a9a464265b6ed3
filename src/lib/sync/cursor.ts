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
