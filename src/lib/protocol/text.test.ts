import { describe, expect, it } from 'vitest';
import { codePointLength, count, protocolText, recordId, timestamp } from './text';

describe('codePointLength', () => {
	it.each([
		['', 0],
		['abc', 3],
		['😀', 1],
		['😀😀a', 3],
		['é', 1],
		['e\u0301', 2],
		['\ud83d', 1],
		['\ude00\ud83d', 2]
	])('counts %j as %i code points', (value, expected) => {
		expect(codePointLength(value)).toBe(expected);
	});
});

describe('protocolText', () => {
	const text = protocolText(3);

	it.each([
		['abc', true],
		['😀😀😀', true],
		['abcd', false],
		['😀😀😀😀', false],
		['a\u0000b', false],
		['\ud83d', false],
		['a\ude00', false],
		['\ude00\ud83d', false],
		['\ud83d\ude00', true],
		['a😀😀', true],
		['ab😀😀', false]
	])('judges %j valid: %s', (value, valid) => {
		expect(text.safeParse(value).success).toBe(valid);
	});
});

describe('timestamp', () => {
	it.each([
		['2026-01-05T10:00:00.000Z', true],
		['2024-02-29T23:59:59.999Z', true],
		['2026-01-05T10:00:00Z', false],
		['2026-01-05T10:00:00.00Z', false],
		['2026-01-05T10:00:00.000+01:00', false],
		['2026-01-05T10:00:00.000', false],
		['2026-01-05 10:00:00.000Z', false],
		['2026-02-30T10:00:00.000Z', false],
		['2025-02-29T10:00:00.000Z', false],
		['2026-13-01T10:00:00.000Z', false],
		['2026-01-05T24:00:00.000Z', false],
		['2026-01-05T10:60:00.000Z', false],
		['2026-1-5T10:00:00.000Z', false],
		['0001-01-01T00:00:00.000Z', true],
		['9999-12-31T23:59:59.999Z', true],
		['0000-01-01T00:00:00.000Z', false],
		['0000-12-31T23:59:59.999Z', false],
		['', false]
	])('judges %j valid: %s', (value, valid) => {
		expect(timestamp.safeParse(value).success).toBe(valid);
	});
});

describe('recordId', () => {
	it.each([
		['a', true],
		['019b8f5e-7c1a-7d3e-9f00-aa11bb22cc33', true],
		['A_z-09', true],
		['x'.repeat(64), true],
		['x'.repeat(65), false],
		['', false],
		['a b', false],
		['a.b', false],
		['a/b', false],
		['é', false]
	])('judges %j valid: %s', (value, valid) => {
		expect(recordId.safeParse(value).success).toBe(valid);
	});
});

describe('count', () => {
	it.each([
		[0, true],
		[2 ** 31 - 1, true],
		[2 ** 31, false],
		[-1, false],
		[1.5, false],
		[NaN, false]
	])('judges %s valid: %s', (value, valid) => {
		expect(count.safeParse(value).success).toBe(valid);
	});
});
