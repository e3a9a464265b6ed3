import { describe, expect, it } from 'vitest';
import type { LocalRecord } from '$lib/sync/local-record';
import { hashOf, messageEntry, sessionEntry, tombstone } from './entries';
import type { JournalUnderTest } from './journal-contract';

const keysOf = (list: readonly LocalRecord[]) => list.map((e) => e.key);
const refusal = (hash: string) => ({ hash, code: 'invalid_record', message: 'refused' });

/**
 * Entries that a push must not carry, each with the same record changed so that it must.
 * (Table-driven: the cases are the states of `isPending`.)
 */
const settledThenChanged: { name: string; settled: LocalRecord; changed: LocalRecord }[] = [
	{
		name: 'an acknowledged session',
		settled: sessionEntry('s1', {}, { acked: hashOf(1), hash: hashOf(1) }),
		changed: sessionEntry('s1', { title: 'Renamed' }, { acked: hashOf(1), hash: hashOf(2) })
	},
	{
		name: 'an acknowledged message',
		settled: messageEntry('m1', 's1', {}, { acked: hashOf(1), hash: hashOf(1) }),
		changed: messageEntry('m1', 's1', { content: 'edit' }, { acked: hashOf(1), hash: hashOf(2) })
	},
	{
		name: 'a refused message',
		settled: messageEntry('m1', 's1', {}, { hash: hashOf(1), rejected: refusal(hashOf(1)) }),
		changed: messageEntry(
			'm1',
			's1',
			{ content: 'fixed' },
			{ hash: hashOf(2), rejected: refusal(hashOf(1)) }
		)
	},
	{
		name: 'an incomplete message',
		settled: messageEntry('m1', 's1', { status: 'streaming' }),
		changed: messageEntry('m1', 's1', { status: 'complete' })
	},
	{
		name: 'an acknowledged deletion',
		settled: tombstone('message', 'm1', 's1', { acked: 'deleted' }),
		changed: messageEntry('m1', 's1', {}, { acked: 'deleted' })
	},
	{
		name: 'an acknowledged message deleted since',
		settled: messageEntry('m1', 's1', {}, { acked: hashOf(1), hash: hashOf(1) }),
		changed: tombstone('message', 'm1', 's1', { acked: hashOf(1) })
	}
];

/** pending and countPending: what a push must carry. */
export function pendingCases(subject: JournalUnderTest): void {
	describe('pending', () => {
		it('gives pending entries oldest change first, then by key, at most limit', async () => {
			const { journal } = subject;
			await journal.putMany([
				messageEntry('c', 's1', {}, { changedAt: 30 }),
				sessionEntry('s1', {}, { changedAt: 10 }),
				messageEntry('b', 's1', {}, { changedAt: 20 }),
				messageEntry('a', 's1', {}, { changedAt: 20 }),
				tombstone('session', 's0', '', { changedAt: 5 })
			]);
			const all = ['session:s0', 'session:s1', 'message:a', 'message:b', 'message:c'];
			expect(keysOf(await journal.pending(100))).toEqual(all);
			expect(keysOf(await journal.pending(3))).toEqual(all.slice(0, 3));
			expect(await journal.pending(0)).toEqual([]);
		});

		it('gives pending entries exactly as written', async () => {
			const { journal } = subject;
			const entry = messageEntry('m1', 's1', { content: 'words' });
			await journal.put(entry);
			expect(await journal.pending(10)).toEqual([entry]);
			expect(await journal.getMany([entry.key])).toEqual([entry]);
		});

		for (const { name, settled, changed } of settledThenChanged) {
			it(`does not give ${name}, and gives it once it changes`, async () => {
				const { journal } = subject;
				await journal.put(settled);
				expect(await journal.pending(10)).toEqual([]);
				expect(await journal.countPending()).toBe(0);
				await journal.putMany([changed]);
				expect(await journal.pending(10)).toEqual([changed]);
				expect(await journal.countPending()).toBe(1);
			});
		}

		it('stops giving an entry once the server acknowledges it', async () => {
			const { journal } = subject;
			const entry = sessionEntry('s1', {}, { hash: hashOf(7) });
			await journal.put(entry);
			await journal.put({ ...entry, acked: hashOf(7), version: 3 });
			expect(await journal.pending(10)).toEqual([]);
			await journal.put(tombstone('session', 's2', ''));
			expect(keysOf(await journal.pending(10))).toEqual(['session:s2']);
		});

		it('counts the pending entries among many settled ones', async () => {
			const { journal } = subject;
			const settled = Array.from({ length: 40 }, (_, i) =>
				messageEntry(`a${i}`, 's1', {}, { acked: hashOf(i), hash: hashOf(i) })
			);
			const waiting = Array.from({ length: 7 }, (_, i) => messageEntry(`p${i}`, 's1'));
			await journal.putMany([...settled, ...waiting]);
			expect(await journal.countPending()).toBe(7);
			expect(await journal.pending(100)).toHaveLength(7);
		});
	});
}
