import { scryptSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { HASH_THREAD_NICE, HashThread } from './hash-thread';

const OPTIONS = { N: 2 ** 10, r: 8, p: 1 };

/** The nice values of this process's threads, from /proc (Linux). */
function threadNiceValues(): number[] {
	return readdirSync('/proc/self/task').map((task) => {
		const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
		// Fields after the command name: state is field 3, nice is field 19.
		return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
	});
}

describe('the hashing thread', () => {
	const thread = new HashThread();
	afterEach(() => thread.close());

	it('derives the key node:crypto derives', async () => {
		const salt = Buffer.from('0123456789abcdef');
		const key = await thread.derive('correct horse', salt, 32, OPTIONS);
		expect(key.equals(scryptSync('correct horse', salt, 32, OPTIONS))).toBe(true);
	});

	it.runIf(process.platform === 'linux')(
		'runs at the lowest CPU priority, and only it',
		async () => {
			const before = threadNiceValues().filter((nice) => nice === HASH_THREAD_NICE).length;
			await thread.derive('x', Buffer.alloc(16), 32, OPTIONS);
			const after = threadNiceValues();
			expect(after.filter((nice) => nice === HASH_THREAD_NICE).length).toBe(before + 1);
			expect(after.some((nice) => nice === 0)).toBe(true);
		}
	);

	it('fails a bad request without stopping, and starts again after being stopped', async () => {
		await expect(thread.derive('x', Buffer.alloc(16), 32, { N: 3, r: 8, p: 1 })).rejects.toThrow();
		const salt = Buffer.alloc(16, 1);
		expect((await thread.derive('y', salt, 16, OPTIONS)).length).toBe(16);
		const held = thread.derive('z', salt, 16, { N: 2 ** 16, r: 8, p: 1, maxmem: 2 ** 28 });
		await thread.close();
		await expect(held).rejects.toThrow(/stopped/);
		expect((await thread.derive('y', salt, 16, OPTIONS)).length).toBe(16);
	});
});
