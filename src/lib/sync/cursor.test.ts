import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';

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
