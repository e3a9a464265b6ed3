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

	it('accepts the account the chat belongs to', () => {
		const value = { accountId: 'user-1', messages: [{ role: 'user', content: 'Hi' }] };
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
		['an unknown message key', { messages: [{ role: 'user', content: 'x', name: 'ada' }] }],
		[
			'an account id that is not a string',
			{ accountId: 7, messages: [{ role: 'user', content: 'x' }] }
		]
	])('refuses %s', (_name, value) => {
		expect(chatRequest.safeParse(value).success).toBe(false);
	});
});
