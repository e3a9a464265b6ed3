import { describe, expect, it } from 'vitest';
import type { LocalRecord } from '$lib/sync/local-record';
import { messageEntry } from './entries';
import type { JournalUnderTest } from './journal-contract';

/** The entry with its content, read as a number, one higher. */
function counted(entry: LocalRecord | undefined): LocalRecord {
	if (entry?.type !== 'message' || entry.deleted) throw new Error('no live message to count');
	return { ...entry, data: { ...entry.data, content: String(Number(entry.data.content) + 1) } };
}

/** update: a read and a write with nothing between them. */
export function updateCases(subject: JournalUnderTest): void {
	describe('update', () => {
		it('writes what the change makes of the current entries, with a meta value, and returns it', async () => {
			const { journal } = subject;
			await journal.put(messageEntry('m1', 's1', { content: '4' }));
			const seen: (LocalRecord | undefined)[][] = [];
			const written = await journal.update(
				['message:m1', 'message:none'],
				(current) => {
					seen.push(current);
					return [counted(current[0]), messageEntry('m2', 's1', { content: 'new' })];
				},
				{ name: 'pullCursor', value: 'c1.2' }
			);
			expect(seen[0]?.[1]).toBeUndefined();
			expect(written.map((e) => e.key)).toEqual(['message:m1', 'message:m2']);
			expect((await journal.get('message:m1'))?.data).toMatchObject({ content: '5' });
			expect((await journal.get('message:m2'))?.data).toMatchObject({ content: 'new' });
			expect(await journal.getMeta('pullCursor')).toBe('c1.2');
		});

		it('writes nothing when the change throws', async () => {
			const { journal } = subject;
			await journal.put(messageEntry('m1', 's1', { content: '1' }));
			await expect(
				journal.update(
					['message:m1'],
					() => {
						throw new Error('refused');
					},
					{ name: 'pullCursor', value: 'c1.9' }
				)
			).rejects.toThrow('refused');
			expect((await journal.get('message:m1'))?.data).toMatchObject({ content: '1' });
			expect(await journal.getMeta('pullCursor')).toBeUndefined();
		});

		it('loses no write made at the same time: each update sees the one before it', async () => {
			const { journal } = subject;
			await journal.put(messageEntry('m1', 's1', { content: '0' }));
			await Promise.all(
				Array.from({ length: 5 }, () =>
					journal.update(['message:m1'], (current) => [counted(current[0])])
				)
			);
			expect((await journal.get('message:m1'))?.data).toMatchObject({ content: '5' });
		});
	});
}
