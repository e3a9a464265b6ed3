import { describe, expect, it } from 'vitest';
import {
	CHANGES_CHANNEL,
	REPLY_TEXT_CHANNEL,
	changePayload,
	readNotification,
	replyTextPayload,
	type LiveChannel
} from './notifications';

const USER = '0195f0a0-0000-7000-8000-000000000001';

describe('readNotification', () => {
	it('reads a change as a change event for its user', () => {
		expect(readNotification(CHANGES_CHANNEL, `{"u":"${USER}","c":"c1.5"}`)).toEqual({
			userId: USER,
			event: { name: 'change', data: { cursor: 'c1.5' } }
		});
	});

	it('reads a piece of reply text as a reply event for its user', () => {
		const payload = JSON.stringify({ u: USER, id: 'r1', s: 's1', o: 12, t: 'Hel\nlo 🙂' });
		expect(readNotification(REPLY_TEXT_CHANNEL, payload)).toEqual({
			userId: USER,
			event: { name: 'reply', data: { id: 'r1', sessionId: 's1', offset: 12, text: 'Hel\nlo 🙂' } }
		});
	});

	it('ignores fields it does not know', () => {
		expect(readNotification(CHANGES_CHANNEL, `{"u":"${USER}","c":"c1.5","x":1}`)?.event).toEqual({
			name: 'change',
			data: { cursor: 'c1.5' }
		});
	});

	it.each<[LiveChannel, string]>([
		[CHANGES_CHANNEL, ''],
		[CHANGES_CHANNEL, 'not json'],
		[CHANGES_CHANNEL, 'null'],
		[CHANGES_CHANNEL, '"c1.5"'],
		[CHANGES_CHANNEL, `{"u":"${USER}"}`],
		[CHANGES_CHANNEL, `{"c":"c1.5"}`],
		[CHANGES_CHANNEL, `{"u":"${USER}","c":5}`],
		[CHANGES_CHANNEL, `{"u":"","c":"c1.5"}`],
		[CHANGES_CHANNEL, `{"u":"${USER}","c":""}`],
		[REPLY_TEXT_CHANNEL, `{"u":"${USER}","c":"c1.5"}`],
		[REPLY_TEXT_CHANNEL, `{"u":"${USER}","id":"r1","s":"s1","o":-1,"t":"x"}`],
		[REPLY_TEXT_CHANNEL, `{"u":"${USER}","id":"r1","s":"s1","o":1.5,"t":"x"}`],
		[REPLY_TEXT_CHANNEL, `{"u":"${USER}","id":"r 1","s":"s1","o":0,"t":"x"}`],
		[REPLY_TEXT_CHANNEL, `{"u":"${USER}","id":"r1","o":0,"t":"x"}`],
		[REPLY_TEXT_CHANNEL, `{"u":"${USER}","id":"r1","s":"s1","o":0}`]
	])('drops a malformed %s payload %j', (channel, payload) => {
		expect(readNotification(channel, payload)).toBeUndefined();
	});
});

describe('payloads', () => {
	it('makes the change payload the notification format names', () => {
		expect(changePayload(USER, 'c1.a')).toBe(`{"u":"${USER}","c":"c1.a"}`);
	});

	it('makes reply text payloads that read back as the piece they carry', () => {
		const piece = { id: 'r1', sessionId: 's1', offset: 3, text: '"quoted"\n' };
		const payload = replyTextPayload(USER, piece);
		expect(JSON.parse(payload)).toEqual({ u: USER, id: 'r1', s: 's1', o: 3, t: '"quoted"\n' });
		expect(readNotification(REPLY_TEXT_CHANNEL, payload)).toEqual({
			userId: USER,
			event: { name: 'reply', data: piece }
		});
	});
});
