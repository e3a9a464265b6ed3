import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lexMarkdown, renderBlock } from './marked-renderer';
import { isPlainText, plainParagraphHtml, plainParagraphs } from './plain-text';

const viaMarked = (text: string) =>
	lexMarkdown(text)
		.map((token) => renderBlock(token).trim())
		.filter((html) => html !== '')
		.join('');
const viaPlain = (text: string) => plainParagraphs(text).map(plainParagraphHtml).join('');

describe('plain text', () => {
	it.each(['hello', 'history message 12', 'Is it 3 or 4?\nI think 4.', 'it\'s "quoted" (really)'])(
		'takes %j as plain',
		(text) => {
			expect(isPlainText(text)).toBe(true);
		}
	);

	it.each([
		'**bold**',
		'a_b',
		'`code`',
		'[x](y)',
		'<b>',
		'# title',
		'- item',
		'1. item',
		'2) item',
		'> quote',
		'    indented',
		'a\n===',
		'see www.example.com',
		'https://example.com',
		'me@example.com',
		'a | b',
		'~~gone~~',
		'&amp;',
		'a\\b',
		'line\r\nbreak'
	])('takes %j as markdown', (text) => {
		expect(isPlainText(text)).toBe(false);
	});

	it('renders every plain text as marked does', () => {
		const alphabet = fc.constantFrom(...'ab Z9.,?\'"()\n'.split(''));
		fc.assert(
			fc.property(
				fc.array(alphabet, { maxLength: 40 }).map((chars) => chars.join('')),
				(text) => {
					fc.pre(isPlainText(text));
					// Spaces next to a tag or a line break show as nothing either way.
					const normalise = (html: string) => html.replace(/\s*(<[^>]+>)\s*/g, '$1');
					expect(normalise(viaPlain(text))).toBe(normalise(viaMarked(text)));
				}
			),
			{ numRuns: 500 }
		);
	});
});
