import { describe, expect, it } from 'vitest';
import { quantile } from './sampling';

describe('quantile', () => {
	it('takes the nearest rank, whatever the order of the values', () => {
		const values = Array.from({ length: 100 }, (_, i) => 100 - i);
		expect(quantile(values, 0.5)).toBe(50);
		expect(quantile(values, 0.99)).toBe(99);
		expect(quantile(values, 1)).toBe(100);
		expect(quantile(values, 0)).toBe(1);
		expect(quantile([], 0.5)).toBeNaN();
	});
});
