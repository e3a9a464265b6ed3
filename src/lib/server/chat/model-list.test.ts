import { describe, expect, it } from 'vitest';
import { cachedModelList } from './model-list';

describe('cachedModelList', () => {
	function counted(answers: (string[] | Error)[]) {
		let calls = 0;
		const read = async () => {
			const answer = answers[Math.min(calls++, answers.length - 1)];
			if (answer instanceof Error) throw answer;
			return answer ?? [];
		};
		return { read, calls: () => calls };
	}

	it('keeps a list for its time to live, then reads it again', async () => {
		let now = 0;
		const source = counted([['a'], ['b']]);
		const list = cachedModelList(source.read, { ttlMs: 1000, now: () => now });
		expect(await list()).toEqual({ ok: true, models: ['a'] });
		now = 999;
		expect(await list()).toEqual({ ok: true, models: ['a'] });
		now = 1000;
		expect(await list()).toEqual({ ok: true, models: ['b'] });
		expect(source.calls()).toBe(2);
	});

	it('remembers a failure for a shorter time', async () => {
		let now = 0;
		const failure = new Error('down');
		const source = counted([failure, ['a']]);
		const list = cachedModelList(source.read, { ttlMs: 1000, failureTtlMs: 10, now: () => now });
		expect(await list()).toEqual({ ok: false, error: failure });
		expect(await list()).toEqual({ ok: false, error: failure });
		now = 10;
		expect(await list()).toEqual({ ok: true, models: ['a'] });
	});

	it('lets callers at the same moment share one read', async () => {
		const source = counted([['a']]);
		const list = cachedModelList(source.read);
		const answers = await Promise.all([list(), list(), list()]);
		expect(answers.every((a) => a.ok)).toBe(true);
		expect(source.calls()).toBe(1);
	});
});
