import { describe, expect, it } from 'vitest';
import { credentials } from './auth';

describe('credentials', () => {
	it('trims and lowercases the email', () => {
		expect(credentials.parse({ email: '  Ada@Example.COM ', password: 'correct horse' })).toEqual({
			email: 'ada@example.com',
			password: 'correct horse'
		});
	});

	it.each<[string, Record<string, unknown>]>([
		['a password of 7 characters', { email: 'ada@example.com', password: '1234567' }],
		['a password over 1024 characters', { email: 'ada@example.com', password: 'p'.repeat(1025) }],
		['an email without @', { email: 'ada.example.com', password: 'correct horse' }],
		['an unknown key', { email: 'ada@example.com', password: 'correct horse', admin: true }]
	])('refuses %s', (_name, value) => {
		expect(credentials.safeParse(value).success).toBe(false);
	});
});
