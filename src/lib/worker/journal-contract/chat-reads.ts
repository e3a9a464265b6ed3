import { describe, expect, it } from 'vitest';
import type { LocalRecord } from '$lib/sync/local-record';
import { at, messageEntry, sessionEntry, tombstone } from './entries';
import type { JournalUnderTest } from './journal-contract';

const idsOf = (list: readonly (LocalRecord | undefined)[]) => list.map((e) => e?.id);

/** endMessages and scanMessages: what the chat list and the search read. */
export function chatReadCases(subject: JournalUnderTest): void {
	describe('endMessages', () => {
		it("gives each session's oldest or newest live message, in the order asked", async () => {
			const { journal } = subject;
			await journal.putMany([
				sessionEntry('s1'),
				sessionEntry('s2'),
				messageEntry('b', 's1', { createdAt: at(2) }),
				messageEntry('a', 's1', { createdAt: at(3) }),
				messageEntry('c', 's1', { createdAt: at(1), status: 'streaming' }),
				messageEntry('d', 's2', { createdAt: at(9) }),
				tombstone('message', 'e', 's1')
			]);
			expect(idsOf(await journal.endMessages(['s2', 's1'], 'newest'))).toEqual(['d', 'a']);
			expect(idsOf(await journal.endMessages(['s1', 's2'], 'oldest'))).toEqual(['c', 'd']);
			expect(await journal.endMessages(['s1'], 'newest')).toEqual([
				messageEntry('a', 's1', { createdAt: at(3) })
			]);
		});

		it('gives undefined for a session without live messages, and nothing for no sessions', async () => {
			const { journal } = subject;
			await journal.putMany([sessionEntry('s1'), tombstone('message', 'm1', 's1')]);
			expect(await journal.endMessages(['s1', 'unknown', ''], 'newest')).toEqual([
				undefined,
				undefined,
				undefined
			]);
			expect(await journal.endMessages([], 'oldest')).toEqual([]);
		});

		it('follows a message deleted or moved to another time', async () => {
			const { journal } = subject;
			await journal.putMany([
				messageEntry('m1', 's1', { createdAt: at(1) }),
				messageEntry('m2', 's1', { createdAt: at(2) })
			]);
			await journal.put(tombstone('message', 'm2', 's1'));
			expect(idsOf(await journal.endMessages(['s1'], 'newest'))).toEqual(['m1']);
			await journal.put(messageEntry('m3', 's1', { createdAt: at(0) }));
			expect(idsOf(await journal.endMessages(['s1'], 'oldest'))).toEqual(['m3']);
		});
	});

	describe('scanMessages', () => {
		it('pages through every message entry by key, tombstones included, sessions left out', async () => {
			const { journal } = subject;
			const messages = ['m3', 'm1', 'm5', 'm2'].map((id) => messageEntry(id, 's1'));
			await journal.putMany([
				sessionEntry('s1'),
				...messages,
				tombstone('message', 'm4', 's1'),
				tombstone('session', 's0', '')
			]);
			const first = await journal.scanMessages(null, 2);
			expect(idsOf(first)).toEqual(['m1', 'm2']);
			const second = await journal.scanMessages(first[1]?.key ?? null, 2);
			expect(idsOf(second)).toEqual(['m3', 'm4']);
			expect(second[1]?.deleted).toBe(true);
			const third = await journal.scanMessages(second[1]?.key ?? null, 2);
			expect(idsOf(third)).toEqual(['m5']);
			expect(await journal.scanMessages(third[0]?.key ?? null, 2)).toEqual([]);
			expect(await journal.scanMessages(null, 10)).toContainEqual(messages[0]);
		});

		it('gives nothing for limit 0, an empty journal or a key past every message', async () => {
			const { journal } = subject;
			expect(await journal.scanMessages(null, 10)).toEqual([]);
			await journal.putMany([messageEntry('m1', 's1'), sessionEntry('s1')]);
			expect(await journal.scanMessages(null, 0)).toEqual([]);
			expect(await journal.scanMessages('session:', 10)).toEqual([]);
			expect(idsOf(await journal.scanMessages('a', 10))).toEqual(['m1']);
		});
	});
}
