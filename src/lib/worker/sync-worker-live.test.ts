import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryWorkerDeps } from '../../../tests/support/worker-deps';
import type { ReplyEvent } from '$lib/protocol/live-events';
import type { Journal } from './journal';
import type { TabLinks } from './shared-loop';
import { SyncWorkerService } from './sync-worker-service';
import { memoryTabChannels } from './tab-channel';
import { memoryLocks } from './tab-locks';
import type { Transport } from './transport';

const USER = '0b6f3c9e-4a1d-4c55-9a7e-2f1d0c3b8a11';
const ORIGIN = 'http://outpost.test';

/** A server whose newest change the test moves, with an events endpoint it writes to. */
class LiveServer {
	/** The server's newest change cursor. */
	cursor = 'c1.1';
	pullsBy: string[] = [];
	/** Every events request, by tab, and the streams still open. */
	eventsBy: { tab: string; accountId: string }[] = [];
	#streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
	/** The status the events endpoint answers with. */
	eventsStatus = 200;

	transport(tab: string): Transport {
		return {
			push: async () => ({ status: 500, retryAfter: null, body: null }),
			pull: async () => {
				this.pullsBy.push(tab);
				const body = { protocol: 2, records: [], cursor: this.cursor, hasMore: false };
				return { status: 200, retryAfter: null, body };
			}
		};
	}

	events(tab: string) {
		return async (origin: string, accountId: string, signal: AbortSignal) => {
			this.eventsBy.push({ tab, accountId });
			if (this.eventsStatus !== 200) return new Response(null, { status: this.eventsStatus });
			let controller!: ReadableStreamDefaultController<Uint8Array>;
			const body = new ReadableStream<Uint8Array>({ start: (c) => (controller = c) });
			this.#streams.add(controller);
			signal.addEventListener('abort', () => {
				this.#streams.delete(controller);
				controller.error(new DOMException('aborted', 'AbortError'));
			});
			this.send('ready', { cursor: this.cursor });
			return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
		};
	}

	/** How many event streams are open. */
	get open(): number {
		return this.#streams.size;
	}

	send(event: string, data: unknown): void {
		const bytes = new TextEncoder().encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
		for (const stream of this.#streams) stream.enqueue(bytes);
	}

	/** A change on the server: its cursor moves and every stream hears it. */
	change(cursor: string): void {
		this.cursor = cursor;
		this.send('change', { cursor });
	}
}

/** Tabs of one browser over one LiveServer. */
function browser() {
	const server = new LiveServer();
	const journals = new Map<string, Journal>();
	const links: TabLinks = { locks: memoryLocks(), openChannel: memoryTabChannels() };
	const tab = (name: string) => {
		const service = new SyncWorkerService(
			memoryWorkerDeps(
				journals,
				{
					transport: () => server.transport(name),
					events: server.events(name),
					tabs: links,
					fallbackPullMs: 180_000
				},
				name
			)
		);
		const replies: ReplyEvent[] = [];
		// A page that draws what it is told at once.
		service.subscribe(
			() => service.caughtUp(),
			(piece) => replies.push(piece)
		);
		return { service, replies };
	};
	return { server, tab };
}

const settle = () => vi.advanceTimersByTimeAsync(2_000);

describe('SyncWorkerService with live events', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('holds one stream, in the tab that syncs, bound to the account', async () => {
		const { server, tab } = browser();
		const a = tab('a');
		const b = tab('b');
		await a.service.open(USER, ORIGIN);
		await b.service.open(USER, ORIGIN);
		await settle();
		expect(server.eventsBy).toEqual([{ tab: 'a', accountId: USER }]);
		expect(server.open).toBe(1);

		// The leader closes: the other tab takes the lead and the stream.
		await a.service.close();
		await settle();
		expect(server.eventsBy.map((e) => e.tab)).toEqual(['a', 'b']);
		expect(server.open).toBe(1);
	});

	it('pulls at once when the server is ahead of the journal, and not when it is not', async () => {
		const { server, tab } = browser();
		const a = tab('a');
		await a.service.open(USER, ORIGIN);
		await settle();
		const pulls = server.pullsBy.length;
		server.change('c1.1');
		await settle();
		expect(server.pullsBy.length).toBe(pulls);

		server.change('c1.2');
		await vi.advanceTimersByTimeAsync(1);
		expect(server.pullsBy.length).toBe(pulls + 1);
	});

	it("shows every tab's page the pieces of a reply being written", async () => {
		const { server, tab } = browser();
		const a = tab('a');
		const b = tab('b');
		await a.service.open(USER, ORIGIN);
		await b.service.open(USER, ORIGIN);
		await settle();
		const piece = { id: 'r1', sessionId: 's1', offset: 0, text: 'Hello' };
		server.send('reply', piece);
		await settle();
		expect(a.replies).toEqual([piece]);
		expect(b.replies).toEqual([piece]);
	});

	it('lets go of the stream offline and takes it again online', async () => {
		const { server, tab } = browser();
		const a = tab('a');
		await a.service.open(USER, ORIGIN);
		await settle();
		a.service.setOnline(false);
		await settle();
		expect(server.open).toBe(0);
		a.service.setOnline(true);
		await settle();
		expect(server.open).toBe(1);
		expect(server.eventsBy).toHaveLength(2);
	});

	it('lets go of the stream and sends nothing while the page stands by for a new version, then syncs at once', async () => {
		const { server, tab } = browser();
		const a = tab('a');
		await a.service.open(USER, ORIGIN);
		await settle();
		const pulls = server.pullsBy.length;
		a.service.standBy(true);
		await settle();
		expect(server.open).toBe(0);
		a.service.pullNow();
		await a.service.syncNow();
		await vi.advanceTimersByTimeAsync(360_000);
		expect(server.pullsBy.length).toBe(pulls);

		a.service.standBy(false);
		await settle();
		expect(server.open).toBe(1);
		expect(server.pullsBy.length).toBeGreaterThan(pulls);
	});

	it('stops on a 401 until the sync state changes (here: another account, then back)', async () => {
		const { server, tab } = browser();
		server.eventsStatus = 401;
		const a = tab('a');
		await a.service.open(USER, ORIGIN);
		await vi.advanceTimersByTimeAsync(60_000);
		expect(server.eventsBy).toHaveLength(1);

		server.eventsStatus = 200;
		a.service.otherAccount();
		a.service.resume();
		await settle();
		expect(server.open).toBe(1);
	});

	it('pulls every few minutes without any event', async () => {
		const { server, tab } = browser();
		const a = tab('a');
		await a.service.open(USER, ORIGIN);
		await settle();
		const pulls = server.pullsBy.length;
		await vi.advanceTimersByTimeAsync(180_000);
		expect(server.pullsBy.length).toBe(pulls + 1);
	});

	it('pulls in the syncing tab when another tab comes into view', async () => {
		const { server, tab } = browser();
		const a = tab('a');
		const b = tab('b');
		await a.service.open(USER, ORIGIN);
		await b.service.open(USER, ORIGIN);
		await settle();
		const pulls = server.pullsBy.length;
		b.service.pullNow();
		await settle();
		expect(server.pullsBy.slice(pulls)).toEqual(['a']);
	});

	it('closes the stream with the journal', async () => {
		const { server, tab } = browser();
		const a = tab('a');
		await a.service.open(USER, ORIGIN);
		await settle();
		await a.service.close();
		await vi.advanceTimersByTimeAsync(60_000);
		expect(server.open).toBe(0);
		expect(server.eventsBy).toHaveLength(1);
	});
});
