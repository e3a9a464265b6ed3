import { describe, expect, it } from 'vitest';
import { credentials, newCredentials } from './auth';

describe('credentials', () => {
	it('trims and lowercases the email', () => {
		expect(credentials.parse({ email: '  Ada@Example.COM ', password: 'correct horse' })).toEqual({
			email: 'ada@example.com',
			password: 'correct horse'
		});
	});

	it.each<[string, Record<string, unknown>]>([
		['an empty password', { email: 'ada@example.com', password: '' }],
		['a password over 1024 characters', { email: 'ada@example.com', password: 'p'.repeat(1025) }],
		['an email without @', { email: 'ada.example.com', password: 'correct horse' }],
		['an unknown key', { email: 'ada@example.com', password: 'correct horse', admin: true }]
	])('refuses %s', (_name, value) => {
		expect(credentials.safeParse(value).success).toBe(false);
	});
});

describe('newCredentials', () => {
	it('accepts a password a sign-in would accept, when it is not weak', () => {
		expect(
			newCredentials.safeParse({ email: 'ada@example.com', password: 'correct horse' }).success
		).toBe(true);
	});

	it.each<[string, string]>([
		['a password of 7 characters', '1234567'],
		['a password of eight spaces', '        '],
		['the email as the password', 'ada@example.com'],
		['a common password', 'password1']
	])('refuses %s, naming the password', (_name, password) => {
		const parsed = newCredentials.safeParse({ email: 'ada@example.com', password });
		expect(parsed.success).toBe(false);
		expect(parsed.error?.issues[0]?.path).toEqual(['password']);
	});
});
