import { describe, expect, it } from 'vitest';
import { ExpiringAnswers, SharedLookups } from './shared-lookups';

describe('SharedLookups', () => {
	it('runs one lookup for callers asking at once, and a new one after it settled', async () => {
		const lookups = new SharedLookups<number>();
		let runs = 0;
		const lookup = async () => {
			runs++;
			await new Promise((resolve) => setTimeout(resolve, 5));
			return runs;
		};
		const answers = await Promise.all([1, 2, 3].map(() => lookups.get('s', lookup)));
		expect(answers).toEqual([1, 1, 1]);
		expect(lookups.size).toBe(0);
		expect(await lookups.get('s', lookup)).toBe(2);
		expect(await lookups.get('t', lookup)).toBe(3);
	});

	it('shares a failure with the callers waiting on it, and tries again afterwards', async () => {
		const lookups = new SharedLookups<number>();
		const failing = lookups.get('s', () => Promise.reject(new Error('down')));
		const joined = lookups.get('s', async () => 1);
		await expect(failing).rejects.toThrow('down');
		await expect(joined).rejects.toThrow('down');
		expect(await lookups.get('s', async () => 2)).toBe(2);
	});
});

describe('ExpiringAnswers', () => {
	it('remembers an answer until it expires', () => {
		const tokens = new ExpiringAnswers<string>();
		tokens.set('a', 'claims', 1_000);
		expect(tokens.get('a', 999)).toBe('claims');
		expect(tokens.get('a', 1_000)).toBeUndefined();
		expect(tokens.get('a', 0)).toBeUndefined();
	});

	it('forgets the oldest answer past its size', () => {
		const tokens = new ExpiringAnswers<number>(2);
		tokens.set('a', 1, 10);
		tokens.set('b', 2, 10);
		tokens.set('c', 3, 10);
		expect([tokens.get('a', 0), tokens.get('b', 0), tokens.get('c', 0)]).toEqual([undefined, 2, 3]);
	});
});
