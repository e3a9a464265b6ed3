import { describe, expect, it } from 'vitest';
import { snippet, type SnippetPart } from './snippet';

const shown = (parts: SnippetPart[]) =>
	parts.map((p) => (p.match ? `[${p.text}]` : p.text)).join('');

describe('snippet', () => {
	it('marks every place a term occurs in a short text', () => {
		expect(shown(snippet('Pack light for Lisbon: Lisbon is hilly', ['lisbon', 'hill']))).toBe(
			'Pack light for [Lisbon]: [Lisbon] is [hill]y'
		);
	});

	it('marks the text as written, accents and case included', () => {
		expect(shown(snippet('Une crème BRÛLÉE', ['creme', 'brulee']))).toBe('Une [crème] [BRÛLÉE]');
		expect(shown(snippet('a ﬁle here', ['file']))).toBe('a [ﬁle] here');
	});

	it('cuts a long text around the first match at word boundaries, with ellipses', () => {
		const words = Array.from({ length: 80 }, (_, i) => `word${i}`);
		words[40] = 'needle';
		const parts = snippet(words.join(' '), ['needle']);
		const text = shown(parts);
		expect(text.startsWith('…word')).toBe(true);
		expect(text.endsWith('…')).toBe(true);
		expect(text).toContain('[needle]');
		expect(text.length).toBeLessThanOrEqual(130);
		// Whole words only, on both sides.
		expect(text).toMatch(/^…word\d+ .* word\d+…$/);
	});

	it('starts near the first match even in a short text, so that a narrow list shows it', () => {
		const text = 'Notes about porto weekend: saffron, rice, the hotel near the river';
		expect(shown(snippet(text, ['river', 'hotel']))).toBe(
			'…saffron, rice, the [hotel] near the [river]'
		);
		expect(shown(snippet(text, ['river'], Infinity))).toBe(
			'Notes about porto weekend: saffron, rice, the hotel near the [river]'
		);
	});

	it('makes runs of white space one space', () => {
		expect(shown(snippet('first\n\n  line and\tneedle', ['needle']))).toBe(
			'first line and [needle]'
		);
	});

	it('never splits a surrogate pair where it cuts', () => {
		const text = `${'😀'.repeat(100)} needle ${'😀'.repeat(100)}`;
		for (const part of snippet(text, ['needle'])) {
			expect(part.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
			expect(part.text).not.toMatch(/(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
		}
	});

	it('gives the start of the text when no term occurs', () => {
		expect(shown(snippet('nothing to see', ['absent']))).toBe('nothing to see');
	});
});
