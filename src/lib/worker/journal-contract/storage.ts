import { describe, expect, it } from 'vitest';
import type { LocalRecord } from '$lib/sync/local-record';
import { at, byKey, hashOf, messageEntry, sessionEntry, tombstone } from './entries';
import type { JournalUnderTest } from './journal-contract';

/** An entry that no journal can store: a function is not structured-cloneable. */
const unstorable = (id: string): LocalRecord =>
	messageEntry(id, 's1', { content: (() => 'x') as unknown as string });

/** get, getMany, put, putMany, listByType, listBySession and all. */
export function storageCases(subject: JournalUnderTest): void {
	describe('entries', () => {
		it('gives back exactly what put wrote, and undefined for an unknown key', async () => {
			const { journal } = subject;
			const session = sessionEntry('s1');
			const acked = messageEntry('m1', 's1', {}, { acked: hashOf('mm1') });
			await journal.put(session);
			await journal.put(acked);
			expect(await journal.get(session.key)).toEqual(session);
			expect(await journal.get(acked.key)).toEqual(acked);
			expect(await journal.get('message:nope')).toBeUndefined();
			expect(byKey(await journal.all())).toEqual(byKey([session, acked]));
		});

		it('replaces the entry with the same key on put', async () => {
			const { journal } = subject;
			await journal.put(sessionEntry('s1', { title: 'Before' }));
			await journal.put(sessionEntry('s1', { title: 'After' }));
			expect((await journal.get('session:s1'))?.data).toMatchObject({ title: 'After' });
			expect(await journal.all()).toHaveLength(1);
		});

		it('gives copies: changing a returned entry changes nothing stored', async () => {
			const { journal } = subject;
			await journal.put(sessionEntry('s1', { title: 'Kept' }));
			const read = await journal.get('session:s1');
			if (read?.type !== 'session' || read.deleted) throw new Error('session expected');
			read.data.title = 'Changed';
			expect((await journal.get('session:s1'))?.data).toMatchObject({ title: 'Kept' });
		});

		it('getMany answers in the order of the keys asked, undefined where there is none', async () => {
			const { journal } = subject;
			const a = messageEntry('a', 's1');
			const b = messageEntry('b', 's1');
			await journal.putMany([a, b]);
			expect(await journal.getMany([b.key, 'message:missing', a.key, b.key])).toEqual([
				b,
				undefined,
				a,
				b
			]);
			expect(await journal.getMany([])).toEqual([]);
		});

		it('putMany writes every entry, the last one winning for a repeated key', async () => {
			const { journal } = subject;
			const list = Array.from({ length: 30 }, (_, i) => messageEntry(`m${i}`, 's1'));
			await journal.putMany([...list, messageEntry('m0', 's1', { content: 'last' })]);
			expect(await journal.all()).toHaveLength(30);
			expect((await journal.get('message:m0'))?.data).toMatchObject({ content: 'last' });
		});

		it('putMany writes nothing when one of its entries cannot be stored', async () => {
			const { journal } = subject;
			await journal.put(messageEntry('old', 's1', { content: 'before' }));
			const batch = [messageEntry('new', 's1'), messageEntry('old', 's1', { content: 'after' })];
			await expect(journal.putMany([...batch, unstorable('bad')])).rejects.toThrow();
			expect(await journal.get('message:new')).toBeUndefined();
			expect((await journal.get('message:old'))?.data).toMatchObject({ content: 'before' });
			expect(await journal.countPending()).toBe(1);
		});

		it('putMany stores a meta value with the entries, or neither (a pull page and its cursor)', async () => {
			const { journal } = subject;
			await journal.putMany([messageEntry('m1', 's1')], { name: 'pullCursor', value: 'c1.5' });
			expect(await journal.getMeta('pullCursor')).toBe('c1.5');
			await expect(
				journal.putMany([messageEntry('m2', 's1'), unstorable('bad')], {
					name: 'pullCursor',
					value: 'c1.9'
				})
			).rejects.toThrow();
			expect(await journal.getMeta('pullCursor')).toBe('c1.5');
			expect(await journal.get('message:m2')).toBeUndefined();
		});

		it('lists every entry of a type, tombstones included', async () => {
			const { journal } = subject;
			const live = sessionEntry('s1');
			const gone = tombstone('session', 's2', '');
			const message = messageEntry('m1', 's1');
			await journal.putMany([live, gone, message]);
			expect(byKey(await journal.listByType('session'))).toEqual(byKey([live, gone]));
			expect(await journal.listByType('message')).toEqual([message]);
		});

		it("lists a session's messages, tombstones included, and nothing of other sessions", async () => {
			const { journal } = subject;
			const mine = [
				messageEntry('m1', 's1', { createdAt: at(5) }),
				messageEntry('m2', 's1', { status: 'streaming' }),
				tombstone('message', 'm3', 's1')
			];
			await journal.putMany([
				sessionEntry('s1'),
				...mine,
				messageEntry('m4', 's2'),
				tombstone('message', 'm5', 's2')
			]);
			expect(byKey(await journal.listBySession('s1'))).toEqual(byKey(mine));
			expect(await journal.listBySession('unknown')).toEqual([]);
		});
	});
}
