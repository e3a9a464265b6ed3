import { describe, expect, it } from 'vitest';
import { NORMAL_PACE, savesData, syncPace, THRIFTY_PACE } from './sync-pace';

describe('syncPace', () => {
	it.each([
		[undefined, false],
		[{}, false],
		[{ effectiveType: '4g' }, false],
		[{ effectiveType: '3g', saveData: false }, false],
		[{ saveData: true }, true],
		[{ effectiveType: '2g' }, true],
		[{ effectiveType: 'slow-2g' }, true]
	])('%j saves data: %s', (connection, expected) => {
		expect(savesData(connection)).toBe(expected);
		expect(syncPace(connection)).toBe(expected ? THRIFTY_PACE : NORMAL_PACE);
	});

	it('waits longer in every respect when saving data', () => {
		for (const key of Object.keys(NORMAL_PACE) as (keyof typeof NORMAL_PACE)[]) {
			expect(THRIFTY_PACE[key]).toBeGreaterThan(NORMAL_PACE[key]);
		}
	});
});
