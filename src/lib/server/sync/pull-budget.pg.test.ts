import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '$lib/sync/cursor';
import { BACKENDS, freshDatabase, type TestDatabase } from '../../../../tests/support/databases';
import { message, newUserId, session } from '../../../../tests/support/records';
import { push } from '../../../../tests/support/sync-calls';
import { pullChanges } from './pull';

// A pull page is bounded by bytes as well as by records, stops for a client that has gone, and
// refuses a cursor this server never gave.

describe.each(BACKENDS)('pull limits on %s', (backend) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(backend);
	});
	afterAll(() => t.close());

	/** A user with one session and `count` messages of `size` characters each. */
	async function bigHistory(count: number, size: number) {
		const user = newUserId();
		const records = [await session('s')];
		for (let i = 0; i < count; i++) {
			records.push(await message(`m${i}`, 's', { content: `${i}`.padEnd(size, 'x') }));
		}
		await push(t.db, user, records);
		return user;
	}

	it('ends a page once its text reaches the byte budget, and the pages together hold everything', async () => {
		const user = await bigHistory(12, 50_000);
		const ids: string[] = [];
		let after: number | undefined;
		let pages = 0;
		for (;;) {
			const outcome = await pullChanges(t.db, user, after, 1000, {
				rateLimit: 0,
				maxBytes: 200_000
			});
			if (!outcome.ok) throw new Error(outcome.code);
			const { records, hasMore, cursor } = outcome.response;
			pages++;
			const text = records.reduce((n, r) => n + JSON.stringify(r).length, 0);
			expect(text).toBeLessThan(200_000 + 60_000);
			expect(records.length).toBeGreaterThan(0);
			ids.push(...records.map((r) => r.id));
			after = Number(records.at(-1)?.version);
			if (!hasMore) {
				expect(cursor).toBe(encodeCursor(13));
				break;
			}
		}
		expect(pages).toBeGreaterThanOrEqual(3);
		expect(ids).toEqual(['s', ...Array.from({ length: 12 }, (_, i) => `m${i}`)]);
	});

	it('always carries at least one record, however large', async () => {
		const user = await bigHistory(2, 90_000);
		const outcome = await pullChanges(t.db, user, 1, 1000, { rateLimit: 0, maxBytes: 10 });
		expect(outcome.ok && outcome.response.records.map((r) => r.id)).toEqual(['m0']);
		expect(outcome.ok && outcome.response.hasMore).toBe(true);
	});

	it('refuses a cursor ahead of the newest change', async () => {
		const user = await bigHistory(1, 10);
		expect(await pullChanges(t.db, user, 2, 10)).toMatchObject({ ok: true });
		expect(await pullChanges(t.db, user, 3, 10)).toEqual({ ok: false, code: 'cursor_ahead' });
		expect(await pullChanges(t.db, newUserId(), 1, 10)).toEqual({
			ok: false,
			code: 'cursor_ahead'
		});
	});

	it('does no work for a client that has already gone', async () => {
		const user = await bigHistory(1, 10);
		const signal = AbortSignal.abort();
		expect(await pullChanges(t.db, user, undefined, 10, { rateLimit: 0, signal })).toEqual({
			ok: false,
			code: 'aborted'
		});
	});
});
