import { describe, expect, it } from 'vitest';
import { pullNeeded, readLiveEvent } from './live-event';

describe('readLiveEvent', () => {
	it.each([
		['ready', '{"cursor":"c1.5"}', { type: 'cursor', cursor: 'c1.5' }],
		['ready', '{"cursor":null}', { type: 'cursor', cursor: null }],
		['change', '{"cursor":"c1.6","extra":1}', { type: 'cursor', cursor: 'c1.6' }],
		[
			'reply',
			'{"id":"r1","sessionId":"s1","offset":3,"text":"lo "}',
			{ type: 'reply', piece: { id: 'r1', sessionId: 's1', offset: 3, text: 'lo ' } }
		]
	])('reads a %s event', (event, data, expected) => {
		expect(readLiveEvent({ event, data })).toEqual(expected);
	});

	it.each([
		['an unknown event', 'ping', '{}'],
		['data that is not JSON', 'change', 'c1.6'],
		['a cursor that is not a string', 'change', '{"cursor":6}'],
		[
			'a reply with a negative offset',
			'reply',
			'{"id":"r1","sessionId":"s1","offset":-1,"text":"a"}'
		],
		['a reply with a bad id', 'reply', '{"id":"r 1","sessionId":"s1","offset":0,"text":"a"}'],
		['a reply without text', 'reply', '{"id":"r1","sessionId":"s1","offset":0}']
	])('drops %s', (_name, event, data) => {
		expect(readLiveEvent({ event, data })).toBeUndefined();
	});
});

describe('pullNeeded', () => {
	it.each([
		['c1.5', 'c1.4', true],
		['c1.5', null, true],
		['c1.5', 'r1.5.m3', true],
		['c1.5', 'c1.5', false],
		[null, null, false],
		[null, 'c1.5', false]
	])('server at %s, journal at %s: %s', (cursor, stored, expected) => {
		expect(pullNeeded(cursor, stored)).toBe(expected);
	});
});
