import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { messageData, sessionData } from '../../../tests/support/record-data';
import { memoryWorkerDeps } from '../../../tests/support/worker-deps';
import type { Journal } from './journal';
import type { TabLinks } from './shared-loop';
import type { ChangeNotice } from './sync-worker-api';
import { SyncWorkerService } from './sync-worker-service';
import { memoryTabChannels } from './tab-channel';
import { memoryLocks } from './tab-locks';
import type { Transport, TransportResponse } from './transport';

const USER = '0b6f3c9e-4a1d-4c55-9a7e-2f1d0c3b8a11';
/** How long the server takes to answer: long enough for two tabs' requests to overlap. */
const SERVER_MS = 20;

/** A server that answers every push and pull after SERVER_MS, noting which tab sent what. */
class TabServer {
	/** `type:id:hash` of every record pushed, one entry per push that carried it. */
	pushed: string[] = [];
	pushesBy: string[] = [];
	pullsBy: string[] = [];
	#pulling = 0;
	/** Set when two pulls were answered at the same time. */
	pullsOverlapped = false;

	for(tab: string): Transport {
		return {
			push: async (body) => {
				const sent = JSON.parse(body) as {
					batchId: string;
					records: { type: string; id: string; hash?: string }[];
				};
				this.pushesBy.push(tab);
				this.pushed.push(...sent.records.map((r) => `${r.type}:${r.id}:${r.hash}`));
				await new Promise((resolve) => setTimeout(resolve, SERVER_MS));
				const results = sent.records.map((r, i) => ({
					type: r.type,
					id: r.id,
					status: 'inserted',
					version: i + 1
				}));
				return this.#ok({ protocol: 1, batchId: sent.batchId, cursor: 'c1.1', results });
			},
			pull: async () => {
				this.pullsBy.push(tab);
				if (++this.#pulling > 1) this.pullsOverlapped = true;
				await new Promise((resolve) => setTimeout(resolve, SERVER_MS));
				this.#pulling--;
				return this.#ok({ protocol: 1, records: [], cursor: 'c1.1', hasMore: false });
			}
		};
	}

	#ok(body: unknown): TransportResponse {
		return { status: 200, retryAfter: null, body };
	}
}

/** Tabs of one browser: one journal per account (IndexedDB is shared), locks and channels. */
function browser() {
	const server = new TabServer();
	const journals = new Map<string, Journal>();
	const links: TabLinks = { locks: memoryLocks(), openChannel: memoryTabChannels() };
	const tab = (name: string) =>
		new SyncWorkerService(
			memoryWorkerDeps(journals, { transport: () => server.for(name), tabs: links }, name)
		);
	return { server, tab };
}

/** Lets debounces fire and the passes they start finish. */
const settle = () => vi.advanceTimersByTimeAsync(2_000);

/** Two tabs that opened the account's journal, tab a first (it leads), settled. */
async function twoTabs() {
	const { server, tab } = browser();
	const a = tab('a');
	const b = tab('b');
	await a.open(USER, 'http://outpost.test');
	await b.open(USER, 'http://outpost.test');
	await settle();
	return { server, a, b };
}

describe('SyncWorkerService in two tabs of one account', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('pushes each record once when both tabs write at once, and only one tab pulls', async () => {
		const { server, a, b } = await twoTabs();
		await a.saveSession('s1', sessionData('s1'));
		await settle();
		for (let round = 0; round < 5; round++) {
			await Promise.all([
				a.saveMessage(`a${round}`, messageData(`a${round}`, 's1')),
				b.saveMessage(`b${round}`, messageData(`b${round}`, 's1'))
			]);
			await vi.advanceTimersByTimeAsync(100 * round);
		}
		await settle();

		expect(server.pushed).toHaveLength(11);
		expect(new Set(server.pushed).size).toBe(11);
		expect(new Set([...server.pushesBy, ...server.pullsBy])).toEqual(new Set(['a']));
		expect(server.pullsOverlapped).toBe(false);
		for (const service of [a, b]) {
			expect(await service.status()).toMatchObject({ state: 'idle', pending: 0, outbox: 0 });
		}
	});

	it("tells a follower's page of the leader's acknowledgements and reports its state", async () => {
		const { server, b } = await twoTabs();
		const notices: ChangeNotice[] = [];
		b.subscribe((notice) => notices.push(notice));
		await b.saveMessage('m1', messageData('m1', 's1'));
		await vi.advanceTimersByTimeAsync(SERVER_MS / 2);
		expect((await b.status()).state).toBe('running');

		await settle();
		const told = notices.filter((n) => n.messages.some((m) => m.ids.includes('m1')));
		// Once written here, once acknowledged by the leader.
		expect(told).toHaveLength(2);
		expect(await b.messagesByIds('s1', ['m1'])).toMatchObject([{ synced: true }]);
		expect(server.pushesBy).toEqual(['a']);
		expect(await b.status()).toMatchObject({ state: 'idle', pending: 0 });
	});

	it("runs the leader's pass for a follower's syncNow() and resolves after it", async () => {
		const { server, b } = await twoTabs();
		await b.saveMessage('m1', messageData('m1', 's1'));
		const status = b.syncNow();
		await vi.advanceTimersByTimeAsync(3 * SERVER_MS);
		expect(await status).toMatchObject({ pending: 0, outbox: 0 });
		expect(server.pushesBy).toEqual(['a']);
	});

	it('pushes from the other tab what was written there after the leader closed', async () => {
		const { server, a, b } = await twoTabs();
		await b.saveMessage('m0', messageData('m0', 's1'));
		await settle();
		expect(server.pushesBy).toEqual(['a']);

		await Promise.all([a.close(), b.saveMessage('m1', messageData('m1', 's1'))]);
		await b.saveMessage('m2', messageData('m2', 's1'));
		await settle();
		expect(server.pushed.filter((r) => r.startsWith('message:'))).toHaveLength(3);
		expect(new Set(server.pushesBy.slice(1))).toEqual(new Set(['b']));
		expect(await b.status()).toMatchObject({ state: 'idle', pending: 0 });
	});

	it('compares a whole conversation saved again with what another tab wrote meanwhile, not a stale copy', async () => {
		const { a, b } = await twoTabs();
		const conversation = Array.from({ length: 100 }, (_, i) => ({
			type: 'message' as const,
			id: `m${i}`,
			data: messageData(`m${i}`, 's1')
		}));
		// The follower (b) saves the conversation twice: the second compares it in memory.
		await b.save(conversation);
		await settle();
		await b.save(conversation);
		// The leader (a) edits a message; b then posts the conversation as it had it.
		await a.saveMessage('m5', { ...messageData('m5', 's1'), content: 'edited in a' });
		await settle();
		await b.save(conversation);
		const [m5] = await a.messagesByIds('s1', ['m5']);
		expect(m5?.content).toBe(messageData('m5', 's1').content);
	});
});
