import { describe, expect, it } from 'vitest';
import {
	accountEvent,
	reactToAccountEvent,
	type AccountEvent,
	type AccountReaction
} from './account-event';

const ME = 'user-1';
const OTHER = 'user-2';

describe('reactToAccountEvent', () => {
	it.each<[string, AccountEvent, string | null, AccountReaction]>([
		['its own user signed out elsewhere', { type: 'signed-out', userId: ME }, ME, 'sign-out'],
		['another user signed out', { type: 'signed-out', userId: OTHER }, ME, 'none'],
		['another account signed in', { type: 'signed-in', userId: OTHER }, ME, 'other-account'],
		['its own account signed in again', { type: 'signed-in', userId: ME }, ME, 'resume'],
		['a sign-in while it shows nobody', { type: 'signed-in', userId: OTHER }, null, 'none'],
		['a sign-out while it shows nobody', { type: 'signed-out', userId: ME }, null, 'none']
	])('when %s', (_name, event, shown, expected) => {
		expect(reactToAccountEvent(event, shown)).toBe(expected);
	});
});

describe('accountEvent', () => {
	it('reads the events tabs send', () => {
		expect(accountEvent.parse({ type: 'signed-in', userId: ME, nonce: 0.3 })).toEqual({
			type: 'signed-in',
			userId: ME
		});
	});

	it.each<[string, unknown]>([
		['an unknown type', { type: 'expired', userId: ME }],
		['no user', { type: 'signed-out' }],
		['an empty user', { type: 'signed-in', userId: '' }],
		['a string', 'signed-out'],
		['null', null]
	])('refuses %s', (_name, value) => {
		expect(accountEvent.safeParse(value).success).toBe(false);
	});
});
