/**
 * Text folded for matching a search: lower case, without diacritics (é → e), compatibility
 * forms unfolded (ﬁ → fi), the final sigma as any sigma. A query and a text folded alike match
 * whatever their accents or case.
 */

/** Anything but printable ASCII and the usual white space: such text needs the slow fold. */
const NOT_PLAIN = /[^\t\n\r\x20-\x7e]/;
const MARKS = /\p{M}+/gu;

/** The folded form of one piece of text that is not plain ASCII. */
function foldUnicode(text: string): string {
	return text.normalize('NFKD').replace(MARKS, '').toLowerCase().replaceAll('ς', 'σ');
}

/** The folded text, for testing whether terms occur in it. */
export function fold(text: string): string {
	return !NOT_PLAIN.test(text) ? text.toLowerCase() : foldUnicode(text);
}

/** A folded text and, for each of its code units, where it came from in the original. */
export interface FoldedText {
	text: string;
	/**
	 * `origin[i]` is the index in the original of the character folded unit `i` comes from;
	 * `origin[text.length]` is the original's length. Null when the positions are the same.
	 */
	origin: number[] | null;
}

/** The folded text with the way back to the original's positions (for snippets). */
export function foldWithOrigins(text: string): FoldedText {
	if (!NOT_PLAIN.test(text)) return { text: text.toLowerCase(), origin: null };
	let folded = '';
	const origin: number[] = [];
	let index = 0;
	for (const char of text) {
		const piece = foldUnicode(char);
		folded += piece;
		for (let i = 0; i < piece.length; i++) origin.push(index);
		index += char.length;
	}
	origin.push(text.length);
	return { text: folded, origin };
}

/** Most terms of a query that count; more are ignored. */
export const MAX_TERMS = 8;

/** The distinct folded words of a query (none for a blank one). */
export function queryTerms(query: string): string[] {
	const words = fold(query.slice(0, 200))
		.split(/\s+/)
		.filter((word) => word !== '');
	return [...new Set(words)].slice(0, MAX_TERMS);
}

/** Whether every term occurs in the folded text. */
export function hasEveryTerm(folded: string, terms: readonly string[]): boolean {
	return terms.length > 0 && terms.every((term) => folded.includes(term));
}
