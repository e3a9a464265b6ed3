import { describe, expect, it } from 'vitest';
import { formatCompact, formatCount } from './count-format';

describe('formatCount', () => {
	it('groups thousands with commas', () => {
		expect(formatCount(0)).toBe('0');
		expect(formatCount(999)).toBe('999');
		expect(formatCount(1000)).toBe('1,000');
		expect(formatCount(1234567)).toBe('1,234,567');
		expect(formatCount(-12345)).toBe('-12,345');
		expect(formatCount(1234.5)).toBe('1,234.5');
	});

	it('writes what is not a finite number as JavaScript does', () => {
		expect(formatCount(Number.NaN)).toBe('NaN');
		expect(formatCount(Number.POSITIVE_INFINITY)).toBe('Infinity');
	});
});

describe('formatCompact', () => {
	it('keeps small counts whole', () => {
		expect(formatCompact(0)).toBe('0');
		expect(formatCompact(950)).toBe('950');
		expect(formatCompact(2.5)).toBe('2.5');
	});

	it('shortens thousands, millions and more, with one decimal below ten', () => {
		expect(formatCompact(1000)).toBe('1K');
		expect(formatCompact(1250)).toBe('1.3K');
		expect(formatCompact(12_345)).toBe('12K');
		expect(formatCompact(999_950)).toBe('1M');
		expect(formatCompact(3_400_000)).toBe('3.4M');
		expect(formatCompact(7e9)).toBe('7B');
		expect(formatCompact(-1500)).toBe('-1.5K');
	});

	it('rounds up into the next unit rather than writing 1000 of one', () => {
		expect(formatCompact(999_999)).toBe('1M');
		expect(formatCompact(999.96)).toBe('999.96');
	});
});
