import { describe, expect, it } from 'vitest';
import { holdLock, memoryLocks, type LockHold } from './tab-locks';

/** Lets every queued grant and release run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Holders of one lock, asking in the order of `names`, and the names granted so far. */
function holders(...names: string[]) {
	const locks = memoryLocks();
	const granted: string[] = [];
	const holds = names.map((name) => holdLock(locks, 'leader', () => granted.push(name)));
	return { granted, holds: holds as [LockHold, LockHold, LockHold] };
}

describe('holdLock over memoryLocks', () => {
	it('grants the lock to one holder at a time, in the order asked', async () => {
		const {
			granted,
			holds: [a, b]
		} = holders('a', 'b', 'c');
		await settle();
		expect(granted).toEqual(['a']);

		a.release();
		await settle();
		expect(granted).toEqual(['a', 'b']);
		b.release();
		await settle();
		expect(granted).toEqual(['a', 'b', 'c']);
	});

	it('never grants a request released before its turn, and passes over it', async () => {
		const {
			granted,
			holds: [a, b]
		} = holders('a', 'b', 'c');
		await settle();
		b.release();
		a.release();
		await settle();
		expect(granted).toEqual(['a', 'c']);
	});

	it('keeps locks of different names apart', async () => {
		const locks = memoryLocks();
		const granted: string[] = [];
		holdLock(locks, 'leader.one', () => granted.push('one'));
		holdLock(locks, 'leader.two', () => granted.push('two'));
		await settle();
		expect(granted).toEqual(['one', 'two']);
	});

	it('lets go of the lock when the callback ends without release, as when a tab is gone', async () => {
		const locks = memoryLocks();
		let drop = () => {};
		void locks.request('leader', { signal: new AbortController().signal }, async () => {
			await new Promise<void>((resolve) => (drop = resolve));
		});
		const granted: string[] = [];
		holdLock(locks, 'leader', () => granted.push('next'));
		await settle();
		expect(granted).toEqual([]);
		drop();
		await settle();
		expect(granted).toEqual(['next']);
	});
});
