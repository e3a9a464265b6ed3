import { describe, expect, it } from 'vitest';
import type { LocalRecord } from '$lib/sync/local-record';
import type { MessagePosition } from '../journal';
import { at, messageEntry, sessionEntry, tombstone } from './entries';
import type { JournalUnderTest } from './journal-contract';

/** Ten messages of s1, one a second, m0 the oldest (written newest first, so order is earned). */
const conversation = Array.from({ length: 10 }, (_, i) =>
	messageEntry(`m${i}`, 's1', { createdAt: at(i) })
);
const idsOf = (page: readonly LocalRecord[]) => page.map((e) => e.id);
const positionOf = (entry: LocalRecord | undefined): MessagePosition => {
	if (!entry || entry.type !== 'message' || entry.deleted) throw new Error('message expected');
	return { createdAt: entry.data.createdAt, id: entry.id };
};

/** messagePage: windows of a conversation in display order. */
export function windowCases(subject: JournalUnderTest): void {
	describe('messagePage', () => {
		it('gives the newest messages, oldest first, without a bound', async () => {
			const { journal } = subject;
			await journal.putMany([sessionEntry('s1'), ...[...conversation].reverse()]);
			expect(idsOf(await journal.messagePage('s1', 3))).toEqual(['m7', 'm8', 'm9']);
			expect(await journal.messagePage('s1', 1)).toEqual([conversation[9]]);
		});

		it('gives the messages before a position, leaving that position out', async () => {
			const { journal } = subject;
			await journal.putMany(conversation);
			const before = positionOf(conversation[5]);
			expect(idsOf(await journal.messagePage('s1', 3, before))).toEqual(['m2', 'm3', 'm4']);
			expect(idsOf(await journal.messagePage('s1', 3, positionOf(conversation[1])))).toEqual([
				'm0'
			]);
			// A position between two messages bounds the window as well as a message's own.
			const between = { createdAt: at(4), id: 'm4~' };
			expect(idsOf(await journal.messagePage('s1', 2, between))).toEqual(['m3', 'm4']);
		});

		it('pages through a whole conversation without gaps or repeats', async () => {
			const { journal } = subject;
			await journal.putMany(conversation);
			const seen: string[] = [];
			let page = await journal.messagePage('s1', 4);
			while (page.length > 0) {
				seen.unshift(...idsOf(page));
				page = await journal.messagePage('s1', 4, positionOf(page[0]));
			}
			expect(seen).toEqual(idsOf(conversation));
		});

		it('orders messages created at the same time by id', async () => {
			const { journal } = subject;
			const same = ['b', 'a', 'c', 'B'].map((id) => messageEntry(id, 's1', { createdAt: at(3) }));
			await journal.putMany([...same, messageEntry('z', 's1', { createdAt: at(2) })]);
			// By code unit, as IndexedDB compares keys: upper case before lower case.
			expect(idsOf(await journal.messagePage('s1', 10))).toEqual(['z', 'B', 'a', 'b', 'c']);
			const page = await journal.messagePage('s1', 10, { createdAt: at(3), id: 'b' });
			expect(idsOf(page)).toEqual(['z', 'B', 'a']);
		});

		it("leaves out deleted messages and other sessions' messages, but not unfinished ones", async () => {
			const { journal } = subject;
			await journal.putMany([
				messageEntry('m1', 's1', { createdAt: at(1) }),
				tombstone('message', 'm2', 's1'),
				messageEntry('m3', 's1', { createdAt: at(3), status: 'streaming' }),
				messageEntry('m4', 's2', { createdAt: at(4) }),
				sessionEntry('s1')
			]);
			expect(idsOf(await journal.messagePage('s1', 10))).toEqual(['m1', 'm3']);
			expect(idsOf(await journal.messagePage('s2', 10))).toEqual(['m4']);
		});

		it('follows changes: a message deleted or moved after it was written', async () => {
			const { journal } = subject;
			await journal.putMany(conversation);
			await journal.put(tombstone('message', 'm9', 's1'));
			await journal.put(messageEntry('m0', 's1', { createdAt: at(60) }));
			expect(idsOf(await journal.messagePage('s1', 3))).toEqual(['m7', 'm8', 'm0']);
		});

		it('gives what there is under a large limit, and nothing for limit 0 or an unknown session', async () => {
			const { journal } = subject;
			await journal.putMany(conversation);
			expect(await journal.messagePage('s1', 1000)).toEqual(conversation);
			expect(await journal.messagePage('s1', 0)).toEqual([]);
			expect(await journal.messagePage('nope', 10)).toEqual([]);
			expect(await journal.messagePage('', 10)).toEqual([]);
		});
	});
}
