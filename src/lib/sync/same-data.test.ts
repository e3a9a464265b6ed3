import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './hash';
import { sameData } from './same-data';

const flat = fc.dictionary(
	fc.constantFrom('title', 'content', 'role', 'inputTokens', 'createdAt', 'model'),
	fc.oneof(
		fc.string(),
		fc.integer(),
		fc.double({ noNaN: true, noDefaultInfinity: true }),
		fc.boolean(),
		fc.constant(null)
	)
);

describe('sameData', () => {
	it('agrees with comparing canonical JSON, on flat record data', () => {
		fc.assert(
			fc.property(flat, flat, (a, b) => {
				expect(sameData(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
				expect(sameData(a, { ...a })).toBe(true);
			})
		);
	});

	it('ignores key order and tells a missing key from a null one', () => {
		expect(sameData({ a: 1, b: 'x' }, { b: 'x', a: 1 })).toBe(true);
		expect(sameData({ a: null }, { b: null })).toBe(false);
		expect(sameData({ a: null }, {})).toBe(false);
		expect(sameData({ a: 0 }, { a: -0 })).toBe(true);
		expect(sameData({ a: 1 }, { a: '1' })).toBe(false);
	});

	it('falls back to canonical JSON for nested values', () => {
		expect(sameData({ a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } })).toBe(true);
		expect(sameData({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
	});
});
