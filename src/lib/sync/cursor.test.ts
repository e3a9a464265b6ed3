import { describe, expect, it } from 'vitest';
import { decodeCursor, decodeRecentCursor, encodeCursor, encodeRecentCursor } from './cursor';

describe('encodeCursor and decodeCursor', () => {
	it.each([0, 1, 35, 36, 1_000, 123_456_789, 2 ** 31 - 1, Number.MAX_SAFE_INTEGER])(
		'round-trips the sequence number %i',
		(seq) => {
			expect(decodeCursor(encodeCursor(seq))).toBe(seq);
		}
	);

	it('makes distinct cursors for distinct sequence numbers', () => {
		const cursors = new Set([0, 1, 2, 10, 36, 1_000].map(encodeCursor));
		expect(cursors.size).toBe(6);
	});

	it('makes a cursor that is a plain string without spaces', () => {
		expect(encodeCursor(42)).toMatch(/^\S+$/);
	});

	it.each([
		'',
		'42',
		'c1.',
		'c2.5',
		'C1.5',
		'c1.-1',
		'c1.1.5',
		'c1.5 ',
		' c1.5',
		'c1.ABC',
		'c1.zzzzzzzzzzzz',
		'c1.0000000000000',
		'c1.%20',
		'eyJzZXEiOjV9',
		'c1.5;drop table'
	])('rejects the foreign string %j', (cursor) => {
		expect(decodeCursor(cursor)).toBeUndefined();
	});
});

describe('encodeRecentCursor and decodeRecentCursor', () => {
	it.each([
		{ seq: 0, phase: 'session' as const, below: 1 },
		{ seq: 10_000, phase: 'message' as const, below: 9_500 },
		{ seq: Number.MAX_SAFE_INTEGER - 1, phase: 'message' as const, below: 3 }
	])('round-trips %o', (at) => {
		expect(decodeRecentCursor(encodeRecentCursor(at))).toEqual(at);
	});

	it.each([
		'',
		'r1.',
		'r1.5',
		'r1.5.',
		'r1.5.x3',
		'r1.5.s',
		'r1.5.s3.1',
		'r1.5.s9',
		'r2.5.s3',
		'c1.5',
		'r1.5.S3'
	])('rejects the foreign string %j', (cursor) => {
		expect(decodeRecentCursor(cursor)).toBeUndefined();
	});

	it('is not taken for a change cursor, nor a change cursor for it', () => {
		expect(
			decodeCursor(encodeRecentCursor({ seq: 5, phase: 'session', below: 6 }))
		).toBeUndefined();
		expect(decodeRecentCursor(encodeCursor(5))).toBeUndefined();
	});
});
