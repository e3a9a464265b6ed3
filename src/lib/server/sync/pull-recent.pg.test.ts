import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '$lib/protocol/pull';
import { decodeRecentCursor, encodeCursor } from '$lib/sync/cursor';
import { BACKENDS, freshDatabase, type TestDatabase } from '../../../../tests/support/databases';
import { at, message, newUserId, remove, session } from '../../../../tests/support/records';
import { pullAll, push } from '../../../../tests/support/sync-calls';
import { pullRecent, type PullOptions } from './pull';

// A new device pulls the live state newest first (sessions, then messages), so that the chat
// list and the newest messages show before the whole history has arrived.

describe.each(BACKENDS)('pull in recent order on %s', (backend) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(backend);
	});
	afterAll(() => t.close());

	/** Pulls every page of a recent-order snapshot; returns the pages' records and the end. */
	async function snapshot(user: string, limit: number, options?: PullOptions) {
		const pages: PullResponse['records'][] = [];
		let cursor: string | undefined;
		for (;;) {
			const at = cursor === undefined ? undefined : decodeRecentCursor(cursor);
			if (cursor !== undefined && !at) throw new Error(`not a recent cursor: ${cursor}`);
			const outcome = await pullRecent(t.db, user, at, limit, options);
			if (!outcome.ok) throw new Error(outcome.code);
			pages.push(outcome.response.records);
			cursor = outcome.response.cursor;
			if (!outcome.response.hasMore) return { pages, cursor };
			if (pages.length > 100) throw new Error('the snapshot never ended');
		}
	}

	/** Two chats: s1 with m1–m3, then s2 with m4–m7; then m2 deleted and s1 renamed. */
	async function history() {
		const user = newUserId();
		await push(t.db, user, [await session('s1')]);
		for (const id of ['m1', 'm2', 'm3']) await push(t.db, user, [await message(id, 's1')]);
		await push(t.db, user, [await session('s2')]);
		for (const id of ['m4', 'm5', 'm6', 'm7']) await push(t.db, user, [await message(id, 's2')]);
		await push(t.db, user, [remove('message', 'm2')]);
		await push(t.db, user, [await session('s1', { title: 'Renamed', updatedAt: at(60) })]);
		return user;
	}

	it('pages sessions first, then messages, each newest change first, and ends on the change cursor', async () => {
		const user = await history();
		const { pages, cursor } = await snapshot(user, 3);
		expect(pages.map((page) => page.map((r) => r.id))).toEqual([
			['s1', 's2'],
			['m7', 'm6', 'm5'],
			['m4', 'm3', 'm1']
		]);
		const seq = (await pullAll(t.db, user, undefined)).cursor;
		expect(cursor).toBe(seq);
		expect(pages.flat().every((r) => r.op === 'upsert')).toBe(true);
	});

	it('holds the same live state as a pull in applied order', async () => {
		const user = await history();
		const recent = (await snapshot(user, 2)).pages.flat();
		const applied = (await pullAll(t.db, user, undefined)).records;
		const byId = (records: PullResponse['records']) =>
			[...records].sort((a, b) => a.id.localeCompare(b.id));
		expect(byId(recent)).toEqual(byId(applied));
	});

	it('leaves changes made during the snapshot to the pulls after it', async () => {
		const user = await history();
		const first = await pullRecent(t.db, user, undefined, 3);
		if (!first.ok) throw new Error(first.code);
		// Meanwhile: a new message, and a message already due in a later page is edited.
		await push(t.db, user, [await message('m8', 's2')]);
		await push(t.db, user, [await message('m1', 's1', { content: 'edited', updatedAt: at(60) })]);
		let cursor = first.response.cursor;
		const seen = [...first.response.records];
		for (let at = decodeRecentCursor(cursor); at; at = decodeRecentCursor(cursor)) {
			const page = await pullRecent(t.db, user, at, 3);
			if (!page.ok) throw new Error(page.code);
			seen.push(...page.response.records);
			cursor = page.response.cursor;
		}
		expect(seen.map((r) => r.id)).not.toContain('m1');
		const after = await pullAll(t.db, user, cursor);
		expect(after.records.map((r) => r.id)).toEqual(['m8', 'm1']);
		expect(after.records[1]).toMatchObject({ data: { content: 'edited' } });
	});

	it('ends a page at the byte budget and always carries one record', async () => {
		const user = await history();
		const { pages } = await snapshot(user, 1000, { rateLimit: 0, maxBytes: 1 });
		expect(pages.slice(0, -1).every((page) => page.length === 1)).toBe(true);
		expect(pages.flat()).toHaveLength(8);
	});

	it('refuses a snapshot cursor ahead of the server, and answers an empty history', async () => {
		const user = await history();
		const ahead = await pullRecent(t.db, user, { seq: 10_000, phase: 'message', below: 50 }, 10);
		expect(ahead).toEqual({ ok: false, code: 'cursor_ahead' });
		const empty = await pullRecent(t.db, newUserId(), undefined, 10);
		expect(empty.ok && empty.response.records).toEqual([]);
		const last = await pullRecent(t.db, newUserId(), { seq: 0, phase: 'message', below: 1 }, 10);
		expect(last.ok && last.response).toMatchObject({ cursor: encodeCursor(0), hasMore: false });
	});
});
