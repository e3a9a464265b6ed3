import { foldWithOrigins } from './fold';

/** A piece of a snippet: text as written, and whether it is where a search term matched. */
export interface SnippetPart {
	text: string;
	match: boolean;
}

/**
 * Characters a snippet shows (about), and how many of them come before the first match: few,
 * so that the match shows on the first line of a narrow list.
 */
export const SNIPPET_WIDTH = 120;
const LEAD = 24;

/** The ranges of the original text where a term occurs, in order, overlaps merged. */
function matchRanges(text: string, terms: readonly string[]): [number, number][] {
	const { text: folded, origin } = foldWithOrigins(text);
	const back = (i: number) => (origin ? (origin[i] ?? text.length) : i);
	const ranges: [number, number][] = [];
	for (const term of terms) {
		if (term === '') continue;
		for (let at = folded.indexOf(term); at !== -1; at = folded.indexOf(term, at + term.length)) {
			// The end maps to where the character after the match begins.
			ranges.push([back(at), back(at + term.length)]);
		}
	}
	ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	const merged: [number, number][] = [];
	for (const range of ranges) {
		const last = merged[merged.length - 1];
		if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
		else merged.push([...range]);
	}
	return merged;
}

/** `index` moved off the middle of a surrogate pair (towards the start). */
function onCharacter(text: string, index: number): number {
	const unit = text.charCodeAt(index);
	return unit >= 0xdc00 && unit <= 0xdfff && index > 0 ? index - 1 : index;
}

/**
 * A short piece of `text` around the first place a term occurs, cut at word boundaries where it
 * can be, with every match marked and runs of white space made one space; `…` where it was cut.
 */
export function snippet(
	text: string,
	terms: readonly string[],
	width = SNIPPET_WIDTH
): SnippetPart[] {
	const ranges = matchRanges(text, terms);
	const first = ranges[0]?.[0] ?? 0;
	// A snippet of unbounded width shows the whole text (a title).
	let start = width === Infinity ? 0 : Math.max(0, first - LEAD);
	if (start > 0) {
		// Start at a word: after the first space past the cut, if one comes before the match.
		const space = text.slice(start, first).search(/\s/);
		if (space !== -1) start += space + 1;
	}
	start = onCharacter(text, start);
	let end = Math.min(text.length, start + width);
	if (end < text.length) {
		const space = text.slice(first, end).search(/\s\S*$/);
		if (space > 0) end = first + space;
		end = onCharacter(text, end);
	}
	const parts: SnippetPart[] = [];
	const push = (from: number, to: number, match: boolean) => {
		if (to > from) parts.push({ text: text.slice(from, to).replace(/\s+/g, ' '), match });
	};
	let at = start;
	for (const [from, to] of ranges) {
		if (to <= start || from >= end) continue;
		push(at, Math.max(at, from), false);
		push(Math.max(at, from), Math.min(to, end), true);
		at = Math.min(to, end);
	}
	push(at, end, false);
	const firstPart = parts[0];
	if (firstPart && !firstPart.match) firstPart.text = firstPart.text.trimStart();
	if (start > 0) parts.unshift({ text: '…', match: false });
	if (end < text.length) parts.push({ text: '…', match: false });
	return parts;
}
