import { describe, expect, it } from 'vitest';
import { titleFromMessage, UNTITLED } from './chat-titles';

describe('titleFromMessage', () => {
	it('uses the message as the title', () => {
		expect(titleFromMessage('Plan a trip to Lisbon')).toBe('Plan a trip to Lisbon');
	});

	it.each(['', '   ', '\n\t\n'])('gives the untitled title for the blank message %j', (content) => {
		expect(titleFromMessage(content)).toBe(UNTITLED);
		expect(UNTITLED).toBe('New chat');
	});

	it('trims the message and folds its whitespace into single spaces on one line', () => {
		expect(titleFromMessage('  Hello\n\nworld \t again  ')).toBe('Hello world again');
	});

	it('keeps a title of exactly 60 characters whole', () => {
		const content = 'a'.repeat(60);
		expect(titleFromMessage(content)).toBe(content);
	});

	it('cuts a longer title to 59 characters and an ellipsis', () => {
		const title = titleFromMessage('b'.repeat(61));
		expect(title).toBe(`${'b'.repeat(59)}…`);
		expect([...title]).toHaveLength(60);
	});

	it('counts emoji as one character and never splits one', () => {
		const title = titleFromMessage('😀'.repeat(70));
		expect(title).toBe(`${'😀'.repeat(59)}…`);
		expect(title).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
	});

	it('keeps 60 emoji (120 UTF-16 units) whole', () => {
		const content = '😀'.repeat(60);
		expect(titleFromMessage(content)).toBe(content);
	});

	it('measures the length after folding whitespace', () => {
		const content = `${'c'.repeat(30)}\n\n\n\n${'d'.repeat(29)}`;
		expect(titleFromMessage(content)).toBe(`${'c'.repeat(30)} ${'d'.repeat(29)}`);
	});
});
