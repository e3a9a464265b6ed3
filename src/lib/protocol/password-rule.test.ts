import { describe, expect, it } from 'vitest';
import { weakPasswordReason } from './password-rule';

describe('weakPasswordReason', () => {
	it.each([
		['eight spaces', '        '],
		['short once trimmed', '   abc1234   '],
		['one character repeated', 'aaaaaaaaaaaa'],
		['the email', 'Ada@Example.test'],
		['a common password', 'Password123']
	])('refuses %s', (_name, password) => {
		expect(weakPasswordReason(password, 'ada@example.test')).toBeTypeOf('string');
	});

	it('refuses the local part of the email as the password', () => {
		expect(weakPasswordReason('adalovelace', 'AdaLovelace@example.test')).toBe(
			'must not be your email address'
		);
	});

	it.each(['correct horse battery', 'pw-1x9-long', '  spaced but fine  ', 'ünïcødé-wörds'])(
		'accepts %s',
		(password) => {
			expect(weakPasswordReason(password, 'ada@example.test')).toBeUndefined();
		}
	);
});
