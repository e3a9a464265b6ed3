import { describe, expect, it } from 'vitest';
import type { OutboxBatch } from '../journal';
import { hashOf } from './entries';
import type { JournalUnderTest } from './journal-contract';

const batch = (batchId: string, createdAt: number, changes: Partial<OutboxBatch> = {}) => ({
	batchId,
	body: `{"batchId":"${batchId}"}`,
	records: [{ key: `message:${batchId}`, hash: hashOf(batchId) }],
	createdAt,
	attempts: 0,
	failure: null,
	...changes
});

/** The outbox and the meta values. */
export function outboxAndMetaCases(subject: JournalUnderTest): void {
	describe('outbox', () => {
		it('gives batches oldest first, then by batchId', async () => {
			const { journal } = subject;
			for (const b of [batch('c', 30), batch('b', 10), batch('z', 20), batch('a', 20)]) {
				await journal.putBatch(b);
			}
			expect((await journal.outbox()).map((b) => b.batchId)).toEqual(['b', 'a', 'z', 'c']);
		});

		it('replaces a batch with the same id, and deletes only the one named', async () => {
			const { journal } = subject;
			await journal.putBatch(batch('a', 1));
			await journal.putBatch(batch('b', 2));
			const refused = batch('a', 1, { attempts: 2, failure: { status: 413, detail: 'too big' } });
			await journal.putBatch(refused);
			expect(await journal.outbox()).toEqual([refused, batch('b', 2)]);
			await journal.deleteBatch('b');
			await journal.deleteBatch('unknown');
			expect(await journal.outbox()).toEqual([refused]);
		});
	});

	describe('meta', () => {
		it('gives undefined until a value is set, then the last value set', async () => {
			const { journal } = subject;
			expect(await journal.getMeta('cursor')).toBeUndefined();
			await journal.setMeta('cursor', 'c1');
			await journal.setMeta('cursor', 'c2');
			await journal.setMeta('clientId', 'x');
			expect(await journal.getMeta('cursor')).toBe('c2');
			expect(await journal.getMeta('clientId')).toBe('x');
		});
	});
}
