import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../tests/support/fault-proxy';
import { interleavedRounds, shuffledIndices, type Probe } from './rounds';

describe('shuffledIndices', () => {
	it('gives every index once, in an order that changes from draw to draw', () => {
		const random = seededRandom(7);
		const orders = Array.from({ length: 20 }, () => shuffledIndices(6, random));
		for (const order of orders) expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5]);
		expect(new Set(orders.map((order) => order.join())).size).toBeGreaterThan(10);
	});
});

describe('interleavedRounds', () => {
	it('runs each due probe once a round, in an order drawn anew each round', async () => {
		const log: string[][] = [];
		const probe = (name: string, every?: number): Probe => ({
			name,
			...(every === undefined ? {} : { every }),
			run: (round: number) => {
				(log[round] ??= []).push(name);
				return Promise.resolve(round);
			}
		});
		const figures = await interleavedRounds([probe('a'), probe('b'), probe('c', 2)], 2, 8);
		expect(log).toHaveLength(10);
		log.forEach((names, round) =>
			expect([...names].sort()).toEqual(round % 2 === 0 ? ['a', 'b', 'c'] : ['a', 'b'])
		);
		// a followed b in some rounds and preceded it in others.
		const aFirst = log.filter((names) => names.indexOf('a') < names.indexOf('b')).length;
		expect(aFirst).toBeGreaterThan(0);
		expect(aFirst).toBeLessThan(10);
		// Only the measured rounds count, with the times the probes gave.
		expect(figures.map((f) => f.samples)).toEqual([8, 8, 4]);
		expect(figures[2]?.p99).toBe(8);
	});
});
