import { describe, expect, it } from 'vitest';
import { chatRequest } from './chat';

describe('chatRequest', () => {
	it('accepts a conversation', () => {
		const value = {
			messages: [
				{ role: 'system', content: 'Be brief.' },
				{ role: 'user', content: 'Hi' }
			]
		};
		expect(chatRequest.parse(value)).toEqual(value);
	});

	it.each<[string, unknown]>([
		['no messages', { messages: [] }],
		['an unknown role', { messages: [{ role: 'tool', content: 'x' }] }],
		[
			'content over 100000 code points',
			{ messages: [{ role: 'user', content: 'a'.repeat(100_001) }] }
		],
		['a NUL in content', { messages: [{ role: 'user', content: '\u0000' }] }],
		['an unknown message key', { messages: [{ role: 'user', content: 'x', name: 'ada' }] }]
	])('refuses %s', (_name, value) => {
		expect(chatRequest.safeParse(value).success).toBe(false);
	});
});
