import { describe, expect, it } from 'vitest';
import { fold, foldWithOrigins, hasEveryTerm, MAX_TERMS, queryTerms } from './fold';

describe('fold', () => {
	it.each([
		['Lisbon TRIP', 'lisbon trip'],
		['Crème Brûlée', 'creme brulee'],
		['ﬁle', 'file'],
		['ΟΔΟΣ', 'οδοσ'],
		['Straße', 'straße']
	])('folds %j to %j', (text, folded) => {
		expect(fold(text)).toBe(folded);
	});

	it('keeps the way back to the original positions', () => {
		const text = 'Café ﬁne';
		const { text: folded, origin } = foldWithOrigins(text);
		expect(folded).toBe('cafe fine');
		// "fi" both come from the ligature at index 5; "ne" from 6 and 7.
		expect(origin).toEqual([0, 1, 2, 3, 4, 5, 5, 6, 7, 8]);
		expect(foldWithOrigins('plain')).toEqual({ text: 'plain', origin: null });
	});

	it('folds an emoji-holding text without splitting its surrogate pairs', () => {
		const { text, origin } = foldWithOrigins('a😀B');
		expect(text).toBe('a😀b');
		expect(origin).toEqual([0, 1, 1, 3, 4]);
	});
});

describe('queryTerms', () => {
	it('gives the distinct folded words of a query', () => {
		expect(queryTerms('  Trip  to LISBON trip ')).toEqual(['trip', 'to', 'lisbon']);
		expect(queryTerms(' \n ')).toEqual([]);
	});

	it(`keeps at most ${MAX_TERMS} words`, () => {
		expect(queryTerms('a b c d e f g h i j')).toHaveLength(MAX_TERMS);
	});

	it('matches a text only when it holds every term', () => {
		expect(hasEveryTerm('plan a trip to lisbon', ['lisbon', 'trip'])).toBe(true);
		expect(hasEveryTerm('plan a trip to porto', ['lisbon', 'trip'])).toBe(false);
		expect(hasEveryTerm('anything', [])).toBe(false);
	});
});
