import type { ReplyEvent } from '$lib/protocol/live-events';

/**
 * The text of replies being written, as the account's live events bring it: pieces of text at
 * offsets (UTF-16 code units), put together over the text the stored reply holds. The stored
 * reply is the truth; pieces only run ahead of it until the next pull.
 */

/** A run of a reply's text that arrived in pieces, starting at `offset`. */
export interface LiveSegment {
	offset: number;
	text: string;
}

/** The live text of every reply being written, by reply id. */
export type LiveReplies = ReadonlyMap<string, readonly LiveSegment[]>;

/** At most this many replies are followed at once: the oldest is forgotten past it. */
export const MAX_LIVE_REPLIES = 20;

/**
 * Adds a piece to a reply's segments. Segments stay ordered by offset and apart: a piece that
 * overlaps or touches one joins it (where they overlap, the text already held stays).
 */
export function addPiece(
	segments: readonly LiveSegment[],
	offset: number,
	text: string
): LiveSegment[] {
	if (text === '') return [...segments];
	let merged: LiveSegment = { offset, text };
	const kept: LiveSegment[] = [];
	for (const segment of segments) {
		const end = segment.offset + segment.text.length;
		const mergedEnd = merged.offset + merged.text.length;
		if (end < merged.offset || segment.offset > mergedEnd) {
			kept.push(segment);
			continue;
		}
		const [first, second] = segment.offset <= merged.offset ? [segment, merged] : [merged, segment];
		const firstEnd = first.offset + first.text.length;
		const tail = second.text.slice(Math.max(0, firstEnd - second.offset));
		merged = { offset: first.offset, text: first.text + tail };
	}
	kept.push(merged);
	return kept.sort((a, b) => a.offset - b.offset);
}

/**
 * The text to show of a reply being written: the stored text, carried on by the segments that
 * reach its end. A segment past a gap waits until a pull fills the gap.
 */
export function replyText(stored: string, segments: readonly LiveSegment[] | undefined): string {
	let text = stored;
	for (const segment of segments ?? []) {
		if (segment.offset > text.length) break;
		const end = segment.offset + segment.text.length;
		if (end > text.length) text += segment.text.slice(text.length - segment.offset);
	}
	return text;
}

/** Whether pieces arrived past a gap in what the page holds: the rest of the text is late. */
export function hasGap(stored: string, segments: readonly LiveSegment[] | undefined): boolean {
	const shown = replyText(stored, segments);
	return (segments ?? []).some((s) => s.offset > shown.length);
}

/** The live replies with a piece added; past MAX_LIVE_REPLIES the oldest reply is dropped. */
export function withPiece(live: LiveReplies, piece: ReplyEvent): LiveReplies {
	const next = new Map(live);
	const segments = next.get(piece.id) ?? [];
	next.delete(piece.id);
	next.set(piece.id, addPiece(segments, piece.offset, piece.text));
	while (next.size > MAX_LIVE_REPLIES) {
		const oldest = next.keys().next().value;
		if (oldest === undefined) break;
		next.delete(oldest);
	}
	return next;
}

/**
 * The live replies without those of `done`: replies no longer being written (their stored
 * text is whole). Returns the same map when none of them is followed.
 */
export function withoutReplies(live: LiveReplies, done: readonly string[]): LiveReplies {
	if (!done.some((id) => live.has(id))) return live;
	const next = new Map(live);
	for (const id of done) next.delete(id);
	return next;
}
