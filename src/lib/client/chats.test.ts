import type { Remote } from 'comlink';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UNTITLED } from '$lib/chat/chat-titles';
import type { SessionView, SyncWorkerApi } from '$lib/worker/sync-worker-api';
import { Chats, UNDO_MS } from './chats.svelte';

const AT = '2026-01-05T10:00:00.000Z';
const view = (id: string, data: Partial<SessionView> = {}): SessionView => ({
	id,
	title: `Chat ${id}`,
	createdAt: AT,
	updatedAt: AT,
	lastActivityAt: AT,
	empty: false,
	synced: true,
	...data
});

/** Chats over a fake page: a list, an open chat, a worker that records what it is asked. */
function setup(list: SessionView[] = [view('a'), view('b'), view('c')]) {
	const page = { sessions: list, activeId: 'a' as string | null, owner: 'u1' as string | null };
	const worker = {
		sessions: vi.fn(async () => page.sessions),
		saveSession: vi.fn(async () => {}),
		deleteSession: vi.fn(async (id: string) => {
			page.sessions = page.sessions.filter((s) => s.id !== id);
		}),
		search: vi.fn()
	};
	const created: string[] = [];
	const chats = new Chats({
		worker: () => worker as unknown as Remote<SyncWorkerApi>,
		sessions: () => page.sessions,
		activeId: () => page.activeId,
		owner: () => page.owner,
		select: async (id) => {
			page.activeId = id;
		},
		create: async () => {
			const id = `new${created.length}`;
			created.push(id);
			page.sessions = [view(id, { title: UNTITLED, empty: true }), ...page.sessions];
			page.activeId = id;
			return id;
		},
		refresh: async () => {},
		fail: (message) => {
			throw new Error(message);
		}
	});
	return { chats, page, worker, created };
}

describe('Chats', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('hides a deleted chat at once, opens the next, and records the delete only when Undo is over', async () => {
		const { chats, page, worker } = setup();
		await chats.remove('a');
		expect(chats.shown(page.sessions).map((s) => s.id)).toEqual(['b', 'c']);
		expect(page.activeId).toBe('b');
		expect(chats.pendingDelete).toMatchObject({ id: 'a', title: 'Chat a' });
		await vi.advanceTimersByTimeAsync(UNDO_MS - 1);
		expect(worker.deleteSession).not.toHaveBeenCalled();
		await vi.advanceTimersByTimeAsync(1);
		expect(worker.deleteSession).toHaveBeenCalledWith('a');
		expect(chats.pendingDelete).toBeNull();
		expect(chats.shown(page.sessions).map((s) => s.id)).toEqual(['b', 'c']);
	});

	it('brings a chat back on Undo, open again, and never records the delete', async () => {
		const { chats, page, worker } = setup();
		await chats.remove('a');
		await chats.undo();
		expect(chats.shown(page.sessions).map((s) => s.id)).toEqual(['a', 'b', 'c']);
		expect(page.activeId).toBe('a');
		await vi.advanceTimersByTimeAsync(UNDO_MS * 2);
		expect(worker.deleteSession).not.toHaveBeenCalled();
	});

	it('records a pending delete at once when another chat is deleted', async () => {
		const { chats, worker } = setup();
		await chats.remove('b');
		await chats.remove('c');
		expect(worker.deleteSession).toHaveBeenCalledWith('b');
		expect(chats.pendingDelete?.id).toBe('c');
	});

	it('holds the countdown while the reader is on the toast', async () => {
		const { chats, worker } = setup();
		await chats.remove('b');
		chats.holdUndo(true);
		await vi.advanceTimersByTimeAsync(UNDO_MS * 3);
		expect(worker.deleteSession).not.toHaveBeenCalled();
		chats.holdUndo(false);
		await vi.advanceTimersByTimeAsync(UNDO_MS);
		expect(worker.deleteSession).toHaveBeenCalledWith('b');
	});

	it("records nothing into another account's journal opened meanwhile, nor after a reset", async () => {
		const first = setup();
		await first.chats.remove('b');
		first.page.owner = 'u2';
		await vi.advanceTimersByTimeAsync(UNDO_MS);
		expect(first.worker.deleteSession).not.toHaveBeenCalled();
		const second = setup();
		await second.chats.remove('b');
		second.chats.reset();
		await vi.advanceTimersByTimeAsync(UNDO_MS);
		expect(second.worker.deleteSession).not.toHaveBeenCalled();
		expect(second.chats.shown(second.page.sessions)).toHaveLength(3);
	});

	it('opens the empty untitled chat on New chat instead of making another, even when asked twice at once', async () => {
		const { chats, page, created, worker } = setup();
		const [one, two] = await Promise.all([chats.newChat(), chats.newChat()]);
		expect(one).toBe('new0');
		expect(two).toBe('new0');
		page.activeId = 'b';
		expect(await chats.newChat()).toBe('new0');
		expect(page.activeId).toBe('new0');
		expect(created).toEqual(['new0']);
		expect(worker.saveSession).not.toHaveBeenCalled();
	});

	it("makes its own chat on New chat rather than open another tab's new empty one", async () => {
		// Made by another tab after this page started.
		const theirs = view('theirs', {
			title: UNTITLED,
			empty: true,
			updatedAt: '2999-01-01T00:00:00.000Z'
		});
		const { chats, page, created } = setup([theirs, view('a')]);
		expect(await chats.newChat()).toBe('new0');
		expect(page.activeId).toBe('new0');
		expect(created).toEqual(['new0']);
	});

	it('brings an empty chat opened again by New chat to the top of the list', async () => {
		const old = view('old', { title: UNTITLED, empty: true });
		const { chats, page, worker } = setup([view('a'), old]);
		expect(await chats.newChat()).toBe('old');
		expect(page.activeId).toBe('old');
		expect(worker.saveSession).toHaveBeenCalledWith('old', {
			title: UNTITLED,
			createdAt: AT,
			updatedAt: expect.any(String)
		});
	});

	it('refuses an empty title and keeps editing; saves a new title later than the stored one', async () => {
		vi.setSystemTime(Date.parse('2026-03-01T00:00:00.000Z'));
		const { chats, worker } = setup();
		chats.startRename('a');
		expect(await chats.rename('a', '  ')).toBe(false);
		expect(chats.editing).toBe('a');
		expect(chats.renameError).toMatch(/needs a title/);
		expect(await chats.rename('a', ' Porto trip ')).toBe(true);
		expect(chats.editing).toBeNull();
		expect(worker.saveSession).toHaveBeenCalledWith('a', {
			title: 'Porto trip',
			createdAt: AT,
			updatedAt: '2026-03-01T00:00:00.000Z'
		});
		expect(await chats.rename('b', 'Chat b')).toBe(true);
		expect(worker.saveSession).toHaveBeenCalledTimes(1);
	});
});
