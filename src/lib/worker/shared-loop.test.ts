import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReplyEvent } from '$lib/protocol/live-events';
import type { PassOutcome } from '$lib/sync/sync-loop';
import { SharedLoop, type TabLinks } from './shared-loop';
import type { ChangeNotice } from './sync-worker-api';
import { memoryTabChannels, type TabChannel } from './tab-channel';
import { memoryLocks } from './tab-locks';
import type { PushKind } from './tab-message';

const NOTICE: ChangeNotice = {
	sessions: ['s1'],
	messages: [{ sessionId: 's1', ids: ['m1'] }],
	status: true
};

/** How long a leader waits without a pass before it pulls anyway, in these tests. */
const FALLBACK_MS = 180_000;

/** One tab's worker as the test sees it. */
interface Tab {
	loop: SharedLoop;
	/** What its page was told (undefined: the status only). */
	notices: (ChangeNotice | undefined)[];
	/** The pushes it was asked to schedule, by kind. */
	schedules: PushKind[];
	/** The reply pieces its page was told of. */
	replies: ReplyEvent[];
	/** Ends the tab as a closed or crashed one does: no close(), the browser drops its lock. */
	kill(): void;
}

/** The tabs of one browser: one lock manager, one channel space, passes counted together. */
class Browser {
	readonly #locks = memoryLocks();
	readonly #channels = memoryTabChannels();
	#ids = 0;
	/** The tab of every pass, in the order they started. */
	passes: string[] = [];
	#running = 0;
	/** Set when passes of two tabs ran at the same time. */
	overlapped = false;
	/** How the next passes end. */
	outcome: PassOutcome = { next: 'idle' };
	#gate: Promise<void> | undefined;
	#openGate = () => {};

	/** Passes started from now on wait until release(). */
	hold(): void {
		this.#gate = new Promise((resolve) => (this.#openGate = resolve));
	}

	release(): void {
		this.#gate = undefined;
		this.#openGate();
	}

	open(name: string, options: { online?: boolean; deaf?: boolean } = {}): Tab {
		let kill = () => {};
		const killed = new Promise<void>((resolve) => (kill = resolve));
		let channel: TabChannel | undefined;
		const links: TabLinks = {
			locks: {
				request: (lockName, lockOptions, callback) =>
					this.#locks.request(lockName, lockOptions, () => Promise.race([callback(), killed]))
			},
			openChannel: (channelName, listener) => {
				channel = this.#channels(channelName, (message) => {
					if (!options.deaf) listener(message);
				});
				return channel;
			}
		};
		const tab: Tab = {
			notices: [],
			schedules: [],
			replies: [],
			kill() {
				channel?.close();
				kill();
			},
			loop: new SharedLoop({
				accountId: 'u1',
				links,
				clock: {
					setTimeout: (fn, ms) => setTimeout(fn, ms),
					clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
				},
				newId: () => `request-${++this.#ids}`,
				pass: () => this.#pass(name),
				notify: (notice) => tab.notices.push(notice),
				schedule: (push) => tab.schedules.push(push),
				reply: (piece) => tab.replies.push(piece),
				online: options.online ?? true,
				syncTimeoutMs: 5_000,
				fallbackPullMs: FALLBACK_MS
			})
		};
		return tab;
	}

	async #pass(name: string): Promise<PassOutcome> {
		this.passes.push(name);
		if (++this.#running > 1) this.overlapped = true;
		await this.#gate;
		this.#running--;
		return this.outcome;
	}
}

/** Lets every grant, message and pass that can run, run. */
const settle = () => vi.advanceTimersByTimeAsync(1);

/** The tabs of `Names`, one each, in order. */
type TabsOf<Names extends readonly string[]> = { -readonly [K in keyof Names]: Tab };

/** A browser with a tab of each name opened in turn (the first one leads), settled. */
async function openTabs<const Names extends readonly string[]>(
	...names: Names
): Promise<[Browser, ...TabsOf<Names>]> {
	const browser = new Browser();
	const tabs = names.map((name) => browser.open(name)) as TabsOf<Names>;
	await settle();
	return [browser, ...tabs];
}

/** Whether a promise has resolved by now. */
function tracked(promise: Promise<unknown>): { done: boolean } {
	const state = { done: false };
	void promise.then(() => (state.done = true));
	return state;
}

describe('SharedLoop', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('runs passes only in the tab holding the lock, whichever tab is kicked', async () => {
		const [browser, a, b, c] = await openTabs('a', 'b', 'c');
		for (const tab of [a, b, c]) tab.loop.kick();
		await settle();

		expect([a, b, c].map((tab) => tab.loop.isLeader)).toEqual([true, false, false]);
		expect(new Set(browser.passes)).toEqual(new Set(['a']));
	});

	it("tells every page of each tab's write, and only the leader schedules its push", async () => {
		const [, a, b, c] = await openTabs('a', 'b', 'c');
		for (const tab of [a, b, c]) tab.notices.length = 0;
		b.loop.wrote(NOTICE, 'now');
		a.loop.wrote(NOTICE, 'quiet');
		await settle();

		for (const tab of [a, b, c]) expect(tab.notices).toEqual([NOTICE, NOTICE]);
		expect([a, b, c].map((tab) => tab.schedules)).toEqual([['quiet', 'now'], [], []]);
	});

	it("tells every page what the leader's passes wrote, and its loop state", async () => {
		const [browser, a, b] = await openTabs('a', 'b');
		browser.hold();
		a.loop.kick();
		a.loop.synced(NOTICE);
		await settle();
		expect(b.notices).toContainEqual(NOTICE);
		expect(b.loop.state).toBe('running');

		browser.release();
		await settle();
		expect(b.loop.state).toBe('idle');
		expect(b.notices.at(-1)).toBeUndefined();
	});

	it('tells a tab that opens while another leads the state of its loop', async () => {
		const [browser, a] = await openTabs('a');
		browser.hold();
		a.loop.kick();
		await settle();
		const late = browser.open('late');
		await settle();
		expect(late.loop.state).toBe('running');
	});

	it("resolves a follower's syncNow() when the leader's pass for it is done", async () => {
		const [browser, , b] = await openTabs('a', 'b');
		const before = browser.passes.length;
		browser.hold();
		const asked = tracked(b.loop.syncNow());
		await settle();
		expect(browser.passes.slice(before)).toEqual(['a']);
		expect(asked.done).toBe(false);

		browser.release();
		await settle();
		expect(asked.done).toBe(true);
	});

	it("resolves a follower's syncNow() after its timeout when no leader answers", async () => {
		const browser = new Browser();
		browser.open('deaf leader', { deaf: true });
		const b = browser.open('b');
		await settle();
		const asked = tracked(b.loop.syncNow());
		await vi.advanceTimersByTimeAsync(4_900);
		expect(asked.done).toBe(false);
		await vi.advanceTimersByTimeAsync(200);
		expect(asked.done).toBe(true);
	});

	it('hands the lead over when the leader closes, once its last pass has ended', async () => {
		const [browser, a, b] = await openTabs('a', 'b');
		browser.hold();
		a.loop.kick();
		// A change during the last pass makes one more, before the lead goes.
		a.loop.kick();
		const closed = tracked(a.loop.close());
		await settle();
		expect(b.loop.isLeader).toBe(false);
		browser.release();
		browser.hold();
		await settle();
		expect(browser.passes.slice(-2)).toEqual(['a', 'a']);
		expect(b.loop.isLeader).toBe(false);

		browser.release();
		await settle();
		expect(closed.done).toBe(true);
		expect(b.loop.isLeader).toBe(true);
		expect(browser.passes.slice(-3)).toEqual(['a', 'a', 'b']);
		expect(browser.overlapped).toBe(false);
	});

	it('hands the lead over when the leader’s tab is gone without closing', async () => {
		const [browser, a, b] = await openTabs('a', 'b');
		a.kill();
		await settle();
		expect(b.loop.isLeader).toBe(true);
		expect(browser.passes.at(-1)).toBe('b');
	});

	it('runs no pass in a closed tab, whatever kicks or messages come', async () => {
		const [browser, a] = await openTabs('a');
		await a.loop.close();
		const before = browser.passes.length;
		a.loop.kick();
		a.loop.online();
		a.loop.resume();
		browser.open('b').loop.wrote(NOTICE, 'now');
		await a.loop.syncNow();
		await settle();
		expect(browser.passes.slice(before)).toEqual(['b']);
		a.loop.wrote(NOTICE, 'now');
		expect(a.schedules).toEqual([]);
	});

	it('holds every tab on otherAccount() in any tab, the next leader too, until resume()', async () => {
		const [browser, a, b, c] = await openTabs('a', 'b', 'c');
		c.loop.otherAccount();
		await settle();
		expect([a, b, c].map((tab) => tab.loop.state)).toEqual([
			'other-account',
			'other-account',
			'other-account'
		]);

		const before = browser.passes.length;
		await a.loop.close();
		await settle();
		expect(b.loop.isLeader).toBe(true);
		b.loop.kick();
		await settle();
		expect(browser.passes.slice(before)).toEqual([]);
		expect(c.loop.state).toBe('other-account');

		c.loop.resume();
		await settle();
		expect(browser.passes.slice(before)).toEqual(['b']);
		expect([b, c].map((tab) => tab.loop.state)).toEqual(['idle', 'idle']);
	});

	it('starts the next leader offline when its tab is offline: no retries until online()', async () => {
		const browser = new Browser();
		const a = browser.open('a');
		const b = browser.open('b', { online: false });
		await settle();
		browser.outcome = { next: 'retry', delayMs: 1_000 };
		await a.loop.close();
		await settle();
		const before = browser.passes.length;
		await vi.advanceTimersByTimeAsync(60_000);
		expect(browser.passes.slice(before)).toEqual([]);
		expect(b.loop.state).toBe('idle');

		b.loop.online();
		await settle();
		expect(browser.passes.slice(before)).toEqual(['b']);
	});

	it("relays the leader's reply pieces to every tab's page, in order", async () => {
		const [, a, b, c] = await openTabs('a', 'b', 'c');
		const pieces: ReplyEvent[] = [
			{ id: 'r1', sessionId: 's1', offset: 0, text: 'Hel' },
			{ id: 'r1', sessionId: 's1', offset: 3, text: 'lo' }
		];
		for (const piece of pieces) a.loop.relayReply(piece);
		await settle();
		for (const tab of [a, b, c]) expect(tab.replies).toEqual(pieces);
	});

	it("runs a pass in the leader when a follower's page comes into view, without waiting", async () => {
		const [browser, a, b] = await openTabs('a', 'b');
		const before = browser.passes.length;
		b.loop.poke();
		await settle();
		a.loop.poke();
		await settle();
		expect(browser.passes.slice(before)).toEqual(['a', 'a']);
	});

	it('pulls after a quiet while without a pass, and not while offline', async () => {
		const [browser, a] = await openTabs('a', 'b');
		const before = browser.passes.length;
		await vi.advanceTimersByTimeAsync(FALLBACK_MS - 10);
		a.loop.kick();
		await settle();
		await vi.advanceTimersByTimeAsync(FALLBACK_MS - 10);
		expect(browser.passes.slice(before)).toEqual(['a']);
		await vi.advanceTimersByTimeAsync(10);
		expect(browser.passes.slice(before)).toEqual(['a', 'a']);

		a.loop.offline();
		await vi.advanceTimersByTimeAsync(FALLBACK_MS * 3);
		expect(browser.passes.slice(before)).toEqual(['a', 'a']);
	});

	it('runs no pass while the leading tab stands by for a new version, nor asks the leader from a follower that does; one pass when it ends', async () => {
		const [browser, a, b] = await openTabs('a', 'b');
		const before = browser.passes.length;
		a.loop.standBy(true);
		b.loop.standBy(true);
		a.loop.kick();
		a.loop.poke();
		b.loop.poke();
		await vi.advanceTimersByTimeAsync(FALLBACK_MS * 2);
		expect(browser.passes.slice(before)).toEqual([]);

		a.loop.standBy(false);
		await settle();
		expect(browser.passes.slice(before)).toEqual(['a']);
	});

	it('a tab standing by that takes the lead runs no pass until it stops standing by', async () => {
		const [browser, a, b] = await openTabs('a', 'b');
		b.loop.standBy(true);
		await a.loop.close();
		await settle();
		const before = browser.passes.length;
		expect(b.loop.isLeader).toBe(true);
		b.loop.kick();
		await settle();
		expect(browser.passes.slice(before)).toEqual([]);
		b.loop.standBy(false);
		await settle();
		expect(browser.passes.slice(before)).toEqual(['b']);
	});

	it('stops relaying and pulling once closed', async () => {
		const [browser, a, b] = await openTabs('a', 'b');
		await a.loop.close();
		await settle();
		const before = browser.passes.length;
		a.loop.relayReply({ id: 'r1', sessionId: 's1', offset: 0, text: 'late' });
		a.loop.poke();
		await settle();
		expect(b.replies).toEqual([]);
		expect(browser.passes.slice(before).filter((tab) => tab === 'a')).toEqual([]);
	});
});
