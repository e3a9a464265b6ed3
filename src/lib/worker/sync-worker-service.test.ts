import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionData } from '$lib/protocol/record';
import { hashData } from '$lib/sync/hash';
import { messageData } from '../../../tests/support/record-data';
import type { Journal } from './journal';
import { memoryWorkerDeps } from '../../../tests/support/worker-deps';
import { SyncWorkerService } from './sync-worker-service';
import type { ChangeNotice } from './sync-worker-api';
import type { Transport, TransportResponse } from './transport';

const AT = '2026-01-05T10:00:00.000Z';
const SESSION: SessionData = { title: 'Trip', createdAt: AT, updatedAt: AT };
const USER = '0b6f3c9e-4a1d-4c55-9a7e-2f1d0c3b8a11';
const MISMATCH: TransportResponse = {
	status: 409,
	retryAfter: null,
	body: {
		type: 'urn:outpost:problem:account_mismatch',
		title: 'Conflict',
		status: 409,
		code: 'account_mismatch'
	}
};

/** A transport that answers every push and pull with what `answer` gives, and logs them. */
class FakeServer implements Transport {
	pushes: { accountId: string; batchId: string }[] = [];
	pulls: string[] = [];
	mode: 'accept' | 'mismatch' | 'busy' = 'accept';

	async push(body: string): Promise<TransportResponse> {
		const sent = JSON.parse(body) as {
			accountId: string;
			batchId: string;
			records: { id: string; type: string }[];
		};
		this.pushes.push({ accountId: sent.accountId, batchId: sent.batchId });
		if (this.mode === 'mismatch') return MISMATCH;
		if (this.mode === 'busy') return BUSY;
		return {
			status: 200,
			retryAfter: null,
			body: {
				protocol: 1,
				batchId: sent.batchId,
				cursor: 'c1.1',
				results: sent.records.map((r, i) => ({ ...r, status: 'inserted', version: i + 1 }))
			}
		};
	}

	async pull(_cursor: string | undefined, _limit: number, accountId: string) {
		this.pulls.push(accountId);
		if (this.mode === 'mismatch') return MISMATCH;
		return {
			status: 200,
			retryAfter: null,
			body: { protocol: 1, records: [], cursor: 'c1.1', hasMore: false }
		};
	}
}

const BUSY: TransportResponse = {
	status: 503,
	retryAfter: '5',
	body: {
		type: 'urn:outpost:problem:database_unavailable',
		title: 'Service Unavailable',
		status: 503,
		code: 'database_unavailable'
	}
};

function setup() {
	const server = new FakeServer();
	const journals = new Map<string, Journal>();
	const service = new SyncWorkerService(memoryWorkerDeps(journals, { transport: () => server }));
	return { service, server, journals };
}

/** Lets the push trigger fire (title edits wait a second of quiet) and the pass finish. */
async function settle(): Promise<void> {
	await vi.advanceTimersByTimeAsync(1_100);
}

describe('SyncWorkerService', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('binds every push and pull of a journal to the account it was opened for', async () => {
		const { service, server } = setup();
		await service.open(USER, 'http://outpost.test');
		await service.saveSession('s1', SESSION);
		await settle();

		expect(server.pushes.map((p) => p.accountId)).toEqual([USER]);
		expect(server.pulls.length).toBeGreaterThan(0);
		expect(new Set(server.pulls)).toEqual(new Set([USER]));
		expect(await service.status()).toMatchObject({ state: 'idle', pending: 0, outbox: 0 });
	});

	it('writes a change made while the journal opens into the journal being opened', async () => {
		const { service, server, journals } = setup();
		await service.openGuest();
		// The page shows the chats as soon as it knows the user; a message may come before the
		// account's journal is open.
		const opening = service.open(USER, 'http://outpost.test');
		await service.saveSession('s1', SESSION);
		await opening;
		expect((await service.sessions()).map((s) => s.id)).toEqual(['s1']);
		expect(await journals.get('guest')?.get('session:s1')).toBeUndefined();
		await settle();
		expect(server.pushes.map((p) => p.accountId)).toEqual([USER]);
	});

	it('stops syncing after a 409 account_mismatch and keeps the change and its batch', async () => {
		const { service, server } = setup();
		await service.open(USER, 'http://outpost.test');
		await settle();
		server.mode = 'mismatch';
		await service.saveSession('s1', SESSION);
		await settle();

		expect(await service.status()).toMatchObject({
			state: 'other-account',
			pending: 1,
			outbox: 1
		});
		const sent = server.pushes.length;
		await service.saveSession('s2', { ...SESSION, title: 'Another' });
		await vi.advanceTimersByTimeAsync(10 * 60_000);
		expect(server.pushes).toHaveLength(sent);
	});

	it('says when it last synced, and why the last pass failed until one goes through', async () => {
		const { service, server } = setup();
		await service.open(USER, 'http://outpost.test');
		await settle();
		const synced = (await service.status()).lastSyncedAt;
		expect(synced).toBeGreaterThan(0);

		server.mode = 'busy';
		await vi.advanceTimersByTimeAsync(1_000);
		await service.saveSession('s1', SESSION);
		await settle();
		expect(await service.status()).toMatchObject({
			state: 'waiting',
			pending: 1,
			lastSyncedAt: synced,
			lastError: { status: 503, code: 'database_unavailable' }
		});

		server.mode = 'accept';
		await vi.advanceTimersByTimeAsync(10_000);
		const after = await service.status();
		expect(after).toMatchObject({ pending: 0, lastError: null });
		expect(after.lastSyncedAt).toBeGreaterThan(synced ?? 0);
	});

	it('stops at once when told of another account and sends everything once resumed', async () => {
		const { service, server } = setup();
		await service.open(USER, 'http://outpost.test');
		await settle();
		service.otherAccount();
		await service.saveSession('s1', SESSION);
		await settle();
		expect(server.pushes).toEqual([]);
		expect((await service.status()).state).toBe('other-account');

		service.resume();
		await settle();
		expect(server.pushes.map((p) => p.accountId)).toEqual([USER]);
		expect(await service.status()).toMatchObject({ state: 'idle', pending: 0, outbox: 0 });
	});
});

describe('SyncWorkerService.save', () => {
	const message = (i: number, content = `message ${i}`) => ({
		type: 'message' as const,
		id: `m${i}`,
		data: messageData(`m${i}`, 's1', { content })
	});

	it('writes and tells only the records whose data changed', async () => {
		const { service } = setup();
		await service.open(USER, 'http://outpost.test');
		const notices: ChangeNotice[] = [];
		service.subscribe((notice) => notices.push(notice));
		// More than a few: the stored states are read a session at a time.
		const conversation = Array.from({ length: 100 }, (_, i) => message(i));
		await service.save([{ type: 'session', id: 's1', data: SESSION }, ...conversation]);
		expect(await service.status()).toMatchObject({ pending: 101 });
		await service.syncNow();

		notices.length = 0;
		// The same conversation posted whole, with one message changed and keys in another order.
		const again = conversation.map((m) => ({ ...m, data: { ...m.data } }));
		again[7] = message(7, 'edited');
		await service.save(again.reverse());
		// What changed in the journal (the sync passes' status notices aside).
		const written = notices.filter((n) => n.sessions.length > 0 || n.messages.length > 0);
		expect(written).toEqual([
			{ sessions: [], messages: [{ sessionId: 's1', ids: ['m7'] }], status: true }
		]);
		const [stored] = await service.messagesByIds('s1', ['m7']);
		expect(stored?.content).toBe('edited');
	});

	it('reads, of the messages named, only those from a position on when asked', async () => {
		const { service } = setup();
		await service.open(USER, 'http://outpost.test');
		const at = (minute: number) => `2026-01-05T10:${String(minute).padStart(2, '0')}:00.000Z`;
		const timed = (i: number) => ({
			type: 'message' as const,
			id: `m${i}`,
			data: messageData(`m${i}`, 's1', { createdAt: at(i), updatedAt: at(i) })
		});
		await service.save([{ type: 'session', id: 's1', data: SESSION }, ...[1, 2, 3, 4].map(timed)]);
		const ids = ['m4', 'm1', 'm3', 'm2'];
		expect((await service.messagesByIds('s1', ids)).map((m) => m.id)).toEqual(ids);
		const from = { createdAt: at(3), id: 'm3' };
		expect((await service.messagesByIds('s1', ids, from)).map((m) => m.id)).toEqual(['m4', 'm3']);
	});

	it('hashes a record as the protocol does', async () => {
		const { service, journals } = setup();
		await service.open(USER, 'http://outpost.test');
		await service.save([message(1)]);
		const entry = await journals.get(USER)?.get('message:m1');
		expect(entry?.hash).toBe(await hashData(message(1).data));
	});
});

describe('SyncWorkerService push triggers', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	const message = (i: number) => messageData(`m${i}`, 's1');

	async function opened() {
		const { service, server } = setup();
		await service.open(USER, 'http://outpost.test');
		await service.saveSession('s1', SESSION);
		await settle();
		server.pushes.length = 0;
		return { service, server };
	}

	it('sends a burst of replies within a second in two pushes', async () => {
		const { service, server } = await opened();
		await vi.advanceTimersByTimeAsync(5_000);
		const reply = (i: number) => ({ ...message(i), role: 'assistant' as const });
		await service.saveMessage('m0', reply(0));
		await vi.advanceTimersByTimeAsync(0);
		expect(server.pushes).toHaveLength(1);
		for (let i = 1; i < 10; i++) {
			await vi.advanceTimersByTimeAsync(100);
			await service.saveMessage(`m${i}`, reply(i));
		}
		await settle();
		expect(server.pushes).toHaveLength(2);
		expect(await service.status()).toMatchObject({ pending: 0 });
	});

	it("sends the user's message at once, even right after a push", async () => {
		const { service, server } = await opened();
		await vi.advanceTimersByTimeAsync(5_000);
		await service.saveMessage('r1', { ...message(1), role: 'assistant' });
		await vi.advanceTimersByTimeAsync(0);
		expect(server.pushes).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(200);
		await service.saveMessage('u2', message(2));
		await vi.advanceTimersByTimeAsync(0);
		expect(server.pushes).toHaveLength(2);
	});

	it('sends twenty title edits in one push', async () => {
		const { service, server } = await opened();
		for (let i = 0; i < 20; i++) {
			await service.saveSession('s1', { ...SESSION, title: `Trip ${'!'.repeat(i)}` });
			await vi.advanceTimersByTimeAsync(50);
		}
		await settle();
		expect(server.pushes).toHaveLength(1);
	});

	it('sends nothing for triggers without changes, nor for data saved again unchanged', async () => {
		const { service, server } = await opened();
		for (let i = 0; i < 50; i++) {
			service.setOnline(false);
			service.setOnline(true);
			await service.syncNow();
		}
		await service.saveSession('s1', SESSION);
		await settle();
		expect(server.pushes).toHaveLength(0);
	});
});

describe('SyncWorkerService chats without an account', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	const guestMessage = (i: number) =>
		messageData(`gm${i}`, 'g1', { content: `guest message ${i}` });

	it('keeps them on the device unsynced, then moves them into the account and pushes them once', async () => {
		const { service, server, journals } = setup();
		await service.openGuest();
		await service.saveSession('g1', SESSION);
		await service.saveMessage('gm1', guestMessage(1));
		await service.saveMessage('gm2', guestMessage(2));
		await settle();
		expect(server.pushes).toHaveLength(0);
		expect(await service.status()).toMatchObject({ localOnly: true });

		await service.open(USER, 'http://outpost.test');
		expect(await service.adoptGuestChats()).toBe(3);
		await settle();
		expect(server.pushes).toHaveLength(1);
		expect(journals.has('guest')).toBe(false);
		expect((await service.messages('g1')).map((m) => m.content)).toEqual([
			'guest message 1',
			'guest message 2'
		]);
		expect(await service.status()).toMatchObject({ pending: 0, localOnly: false });

		// Adopting again (another tab, a restart) moves nothing and sends nothing.
		expect(await service.adoptGuestChats()).toBe(0);
		await settle();
		expect(server.pushes).toHaveLength(1);
	});

	it('tells the page what is written in them', async () => {
		const { service } = setup();
		await service.openGuest();
		const notices: ChangeNotice[] = [];
		service.subscribe((notice) => notices.push(notice));
		await service.saveMessage('gm1', guestMessage(1));
		expect(notices).toContainEqual({
			sessions: [],
			messages: [{ sessionId: 'g1', ids: ['gm1'] }],
			status: true
		});
	});

	it('leaves deleted guest chats behind', async () => {
		const { service } = setup();
		await service.openGuest();
		await service.saveSession('g1', SESSION);
		await service.saveMessage('gm1', guestMessage(1));
		await service.deleteSession('g1');
		await service.open(USER, 'http://outpost.test');
		expect(await service.adoptGuestChats()).toBe(0);
	});

	it('refuses to adopt into the guest journal itself', async () => {
		const { service } = setup();
		await service.openGuest();
		await expect(service.adoptGuestChats()).rejects.toThrow('sign in first');
	});

	it('forgets an account: its journal is removed from the device', async () => {
		const { service, journals } = setup();
		await service.open(USER, 'http://outpost.test');
		await service.saveSession('s1', SESSION);
		await service.forget(USER);
		expect(journals.has(USER)).toBe(false);
		await expect(service.sessions()).rejects.toThrow('not open');
	});
});

describe('SyncWorkerService pull pace', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	/** A server whose history takes two pages: a chat, then another. */
	async function twoPages() {
		const pulls: (string | undefined)[] = [];
		const hash = await hashData(SESSION);
		const record = (id: string, version: number) => ({
			type: 'session',
			id,
			op: 'upsert',
			hash,
			data: SESSION,
			version
		});
		const transport: Transport = {
			push: () => Promise.reject(new Error('nothing to push')),
			pull: async (cursor) => {
				pulls.push(cursor);
				const first = cursor === undefined;
				return {
					status: 200,
					retryAfter: null,
					body: {
						protocol: 1,
						records: [first ? record('s1', 1) : record('s2', 2)],
						cursor: first ? 'c1.1' : 'c1.2',
						hasMore: first
					}
				};
			}
		};
		const service = new SyncWorkerService(
			memoryWorkerDeps(new Map<string, Journal>(), { transport: () => transport })
		);
		return { service, pulls };
	}

	it('pulls each page once the page has drawn the one before', async () => {
		const { service, pulls } = await twoPages();
		const notices: ChangeNotice[] = [];
		service.subscribe((notice) => notices.push(notice));
		await service.open(USER, 'http://outpost.test');
		await vi.advanceTimersByTimeAsync(1);
		expect(pulls).toEqual([undefined]);
		expect(notices.some((n) => n.sessions.includes('s1'))).toBe(true);
		await vi.advanceTimersByTimeAsync(500);
		expect(pulls).toEqual([undefined]);
		service.caughtUp();
		await vi.advanceTimersByTimeAsync(1);
		expect(pulls).toEqual([undefined, 'c1.1']);
		expect((await service.sessions()).map((s) => s.id).sort()).toEqual(['s1', 's2']);
	});

	it('holds the next page a second at most for a page that does not answer', async () => {
		const { service, pulls } = await twoPages();
		service.subscribe(() => {});
		await service.open(USER, 'http://outpost.test');
		await vi.advanceTimersByTimeAsync(990);
		expect(pulls).toEqual([undefined]);
		await vi.advanceTimersByTimeAsync(20);
		expect(pulls).toEqual([undefined, 'c1.1']);
	});

	it('does not wait when no page listens', async () => {
		const { service, pulls } = await twoPages();
		await service.open(USER, 'http://outpost.test');
		await vi.advanceTimersByTimeAsync(1);
		expect(pulls).toEqual([undefined, 'c1.1']);
	});
});
