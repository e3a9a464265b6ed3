import { describe, expect, it } from 'vitest';
import { InFlight } from './in-flight';

describe('InFlight', () => {
	it('refuses a user past the cap and lets them in again once a request leaves', () => {
		const gate = new InFlight(2);
		const first = gate.enter('a');
		const second = gate.enter('a');
		expect(first && second).toBeTruthy();
		expect(gate.enter('a')).toBeUndefined();
		expect(gate.enter('b')).toBeTruthy();
		first?.();
		expect(gate.count('a')).toBe(1);
		expect(gate.enter('a')).toBeTruthy();
	});

	it('counts a request that leaves twice once', () => {
		const gate = new InFlight(1);
		const leave = gate.enter('a');
		leave?.();
		leave?.();
		expect(gate.count('a')).toBe(0);
		expect(gate.enter('a')).toBeTruthy();
		expect(gate.enter('a')).toBeUndefined();
	});
});
