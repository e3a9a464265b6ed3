import { describe, expect, it } from 'vitest';
import { BusyError } from '../http/busy';
import { WorkQueue } from './work-queue';

function gate() {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { open, opened };
}

describe('WorkQueue', () => {
	it('runs at most its concurrency at once, in the order the work came', async () => {
		const queue = new WorkQueue('test', 2, 10);
		const started: number[] = [];
		const gates = [gate(), gate(), gate(), gate()];
		const runs = gates.map((g, i) =>
			queue.run(async () => {
				started.push(i);
				await g.opened;
				return i;
			})
		);
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(started).toEqual([0, 1]);
		expect(queue.load).toEqual({ running: 2, waiting: 2 });
		gates[1]?.open();
		await runs[1];
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(started).toEqual([0, 1, 2]);
		for (const g of gates) g.open();
		expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
		expect(queue.load).toEqual({ running: 0, waiting: 0 });
	});

	it('refuses work past its waiting room with BusyError, and frees the place of work that failed', async () => {
		const queue = new WorkQueue('test', 1, 1);
		const g = gate();
		const first = queue.run(() => g.opened);
		const second = queue.run(() => Promise.reject(new Error('boom')));
		await expect(queue.run(async () => 1)).rejects.toBeInstanceOf(BusyError);
		g.open();
		await first;
		await expect(second).rejects.toThrow('boom');
		expect(queue.load).toEqual({ running: 0, waiting: 0 });
		expect(await queue.run(async () => 2)).toBe(2);
	});
});
