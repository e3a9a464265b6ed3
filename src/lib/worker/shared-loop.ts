import type { ReplyEvent } from '$lib/protocol/live-events';
import { SyncLoop, type LoopClock, type LoopState, type PassOutcome } from '$lib/sync/sync-loop';
import type { ChangeNotice } from './sync-worker-api';
import { memoryTabChannels, type OpenTabChannel, type TabChannel } from './tab-channel';
import { holdLock, memoryLocks, type LockHold, type TabLocks } from './tab-locks';
import { leaderLockName, tabChannelName, type PushKind, type TabMessage } from './tab-message';

/**
 * The sync loop that every tab of one account shares. Each tab's worker asks for the
 * account's leader lock when it opens the journal and holds it until it closes it; the one
 * holding it leads: it alone runs the SyncLoop (push, then pull). The others follow:
 *
 *   follower ──lock granted (the leader closed, or its tab is gone)──▶ leader ──close──▶ closed
 *
 * Every tab writes to the journal (one IndexedDB database, shared) and says so (`wrote`): the
 * leader pushes soon after. The leader tells what its passes wrote (`synced`) and its loop
 * state (`state`); each tab hands what it hears to its own page. A follower's `syncNow()`
 * asks the leader (`sync-now` … `sync-done`). otherAccount() and resume() in any tab reach
 * every tab (`account`), so that a tab taking the lead later starts in the same state.
 * The network state is each tab's own: the browser tells every tab.
 *
 * The leader alone holds the account's live events (see live-events.ts): it relays the pieces
 * of replies being written (`reply`) to every tab. It also pulls after `fallbackPullMs` without
 * a pass, in case an event was missed. A follower's poke() (its page came into view) asks the
 * leader for a pass without waiting for it.
 */

/** How a worker reaches the other tabs of the browser; injected so that tests run in node. */
export interface TabLinks {
	locks: TabLocks;
	openChannel: OpenTabChannel;
}

/** Links that reach no other tab: the worker always leads. */
export function aloneTabLinks(): TabLinks {
	return { locks: memoryLocks(), openChannel: memoryTabChannels() };
}

/** How long a follower's syncNow() waits for the leader before it gives up, by default. */
export const FOLLOWER_SYNC_TIMEOUT_MS = 30_000;

/** How long the leader stays without a pass before it pulls anyway, by default. */
export const FALLBACK_PULL_MS = 3 * 60_000;

/** What one tab's shared loop is built from. */
export interface SharedLoopDeps {
	/** The account whose journal this tab opened: one leader per account. */
	accountId: string;
	links: TabLinks;
	clock: LoopClock;
	newId: () => string;
	/** One sync pass; run only while this tab leads. */
	pass: (attempt: number) => Promise<PassOutcome>;
	/** Tells this tab's page; without a notice, only the status may differ. */
	notify: (notice?: ChangeNotice) => void;
	/** Another tab wrote what the notice names (its writes or its leader's pass). */
	heard?: (notice: ChangeNotice) => void;
	/** This tab leads and a tab (this one or another) wrote to the journal: push as `push` says. */
	schedule: (push: PushKind) => void;
	/** A piece of a reply being written, relayed by the leader (or this tab's own). */
	reply?: (piece: ReplyEvent) => void;
	/** Whether the browser is online as the loop starts. */
	online: boolean;
	/** How long a follower's syncNow() waits for the leader's answer. */
	syncTimeoutMs?: number;
	/** How long the leader stays idle before it pulls anyway (a function: read each time). */
	fallbackPullMs?: number | (() => number);
}

/** One tab's part in the sync loop of an account's tabs; see the drawing above. */
export class SharedLoop {
	#loop: SyncLoop | undefined;
	/** The state the leader last told, while this tab follows. */
	#leaderState: LoopState = 'idle';
	/** otherAccount() was called (here or in another tab) and resume() not since. */
	#held = false;
	/** standBy(true) was called in this tab and standBy(false) not since. */
	#standingBy = false;
	#online: boolean;
	#closed = false;
	/** The leader's pull after a quiet while, when set. */
	#fallback: unknown;
	/** Follower syncNow() calls waiting for the leader, by request id. */
	readonly #waiting = new Map<string, () => void>();
	readonly #channel: TabChannel;
	readonly #lock: LockHold;

	constructor(private readonly deps: SharedLoopDeps) {
		this.#online = deps.online;
		this.#channel = deps.links.openChannel(tabChannelName(deps.accountId), (message) =>
			this.#receive(message)
		);
		this.#lock = holdLock(deps.links.locks, leaderLockName(deps.accountId), () => this.#lead());
		this.#channel.post({ type: 'hello' });
	}

	/** Whether this tab runs the account's sync loop. */
	get isLeader(): boolean {
		return this.#loop !== undefined;
	}

	/** The state of the account's sync loop: this tab's own, or the leader's as last told. */
	get state(): LoopState {
		if (this.#loop) return this.#loop.state;
		return this.#held ? 'other-account' : this.#leaderState;
	}

	/** Asks for a pass now (a push is due); in a follower nothing (the leader heard `wrote`). */
	kick(): void {
		if (!this.#closed) this.#loop?.kick();
	}

	/**
	 * Asks for a pass soon, in whichever tab leads (this tab's page came into view), without
	 * waiting for it.
	 */
	poke(): void {
		if (this.#closed || this.#standingBy) return;
		if (this.#loop) this.#loop.kick();
		else this.#post({ type: 'sync-now', requestId: this.deps.newId() });
	}

	/** Resolves when the pass under way here (if any) has ended. */
	settled(): Promise<void> {
		return this.#loop?.settled() ?? Promise.resolve();
	}

	/** This tab's live events heard a piece of a reply: its page and every other tab's hear it. */
	relayReply(piece: ReplyEvent): void {
		if (this.#closed) return;
		this.deps.reply?.(piece);
		this.#post({ type: 'reply', reply: piece });
	}

	/**
	 * This tab wrote records to the journal: its page and every other tab hear of it, and the
	 * leader (this tab or another) schedules their push.
	 */
	wrote(notice: ChangeNotice, push: PushKind): void {
		this.deps.notify(notice);
		this.#post({ type: 'wrote', notice, push });
		if (this.#loop && !this.#closed) this.deps.schedule(push);
	}

	/** The leader's pass wrote records to the journal: every tab's page hears of it. */
	synced(notice: ChangeNotice): void {
		this.deps.notify(notice);
		this.#post({ type: 'synced', notice });
	}

	online(): void {
		this.#online = true;
		if (!this.#closed) this.#loop?.online();
	}

	offline(): void {
		this.#online = false;
		this.#clearFallback();
		this.#loop?.offline();
	}

	/** Another account signed in: no pass runs in any tab until resume(). */
	otherAccount(): void {
		this.#hold(true);
		this.#post({ type: 'account', held: true });
	}

	/** The journal's own account is signed in again: the leader syncs at once. */
	resume(): void {
		this.#hold(false);
		this.#post({ type: 'account', held: false });
	}

	/**
	 * `true`: this tab's page is about to load a new version of the app; while it leads, no
	 * pass starts until standBy(false) (see SyncLoop.standBy), and it asks no other tab for one.
	 */
	standBy(on: boolean): void {
		this.#standingBy = on;
		if (!this.#closed) this.#loop?.standBy(on);
	}

	/**
	 * Runs a pass now and resolves when it is done. A follower asks the leader and resolves
	 * on its answer, or after `syncTimeoutMs` when none comes (no leader during a hand-over);
	 * if the lead comes to this tab meanwhile, it runs the pass itself.
	 */
	async syncNow(): Promise<void> {
		if (!this.#loop && !this.#closed) await this.#askLeader();
		if (this.#loop && !this.#closed) await passHere(this.#loop);
	}

	/**
	 * Stops: hears nothing more, lets a pass under way finish (its notices still go out), then
	 * lets go of the lead, so that the next leader's passes never overlap this one's.
	 */
	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		this.#clearFallback();
		this.#answerWaiting();
		const loop = this.#loop;
		if (loop) {
			loop.offline();
			// A kick during the last pass runs one more: wait for that too.
			do await loop.settled();
			while (loop.state === 'running');
		}
		this.#lock.release();
		this.#channel.close();
	}

	#lead(): void {
		if (this.#closed) return;
		const loop = new SyncLoop(this.deps.pass, this.deps.clock, (state) => {
			this.#post({ type: 'state', state });
			this.#armFallback(state);
			this.deps.notify();
		});
		this.#loop = loop;
		if (!this.#online) loop.offline();
		if (this.#held) loop.otherAccount();
		if (this.#standingBy) loop.standBy(true);
		// A follower's syncNow() waiting for the old leader runs its pass here now.
		this.#answerWaiting();
		// Every start changes the state (to running, or other-account): the others hear it.
		loop.kick();
	}

	#receive(message: TabMessage): void {
		if (this.#closed) return;
		switch (message.type) {
			case 'wrote':
				this.deps.heard?.(message.notice);
				this.deps.notify(message.notice);
				if (this.#loop) this.deps.schedule(message.push);
				return;
			case 'synced':
				this.deps.heard?.(message.notice);
				this.deps.notify(message.notice);
				return;
			case 'state':
				if (this.#loop) return;
				this.#leaderState = message.state;
				this.deps.notify();
				return;
			case 'hello':
				if (this.#loop) this.#post({ type: 'state', state: this.#loop.state });
				return;
			case 'account':
				this.#hold(message.held);
				this.deps.notify();
				return;
			case 'sync-now':
				if (this.#loop) void this.#answerSyncNow(this.#loop, message.requestId);
				return;
			case 'sync-done':
				this.#waiting.get(message.requestId)?.();
				return;
			case 'reply':
				this.deps.reply?.(message.reply);
				return;
		}
	}

	/** Once the leader's loop is idle (and online), a pull follows after a quiet while. */
	#armFallback(state: LoopState): void {
		this.#clearFallback();
		if (state !== 'idle' || !this.#online || this.#closed) return;
		this.#fallback = this.deps.clock.setTimeout(() => {
			this.#fallback = undefined;
			this.kick();
		}, this.#fallbackMs());
	}

	#fallbackMs(): number {
		const ms = this.deps.fallbackPullMs ?? FALLBACK_PULL_MS;
		return typeof ms === 'number' ? ms : ms();
	}

	#clearFallback(): void {
		if (this.#fallback !== undefined) this.deps.clock.clearTimeout(this.#fallback);
		this.#fallback = undefined;
	}

	async #answerSyncNow(loop: SyncLoop, requestId: string): Promise<void> {
		await passHere(loop);
		this.#post({ type: 'sync-done', requestId });
	}

	#hold(held: boolean): void {
		this.#held = held;
		if (this.#closed) return;
		if (held) this.#loop?.otherAccount();
		else this.#loop?.resume();
	}

	#askLeader(): Promise<void> {
		const requestId = this.deps.newId();
		return new Promise((resolve) => {
			const timer = this.deps.clock.setTimeout(
				() => answer(),
				this.deps.syncTimeoutMs ?? FOLLOWER_SYNC_TIMEOUT_MS
			);
			const answer = () => {
				this.deps.clock.clearTimeout(timer);
				this.#waiting.delete(requestId);
				resolve();
			};
			this.#waiting.set(requestId, answer);
			this.#post({ type: 'sync-now', requestId });
		});
	}

	/** Ends every follower syncNow() still waiting for the leader. */
	#answerWaiting(): void {
		for (const answer of [...this.#waiting.values()]) answer();
	}

	#post(message: TabMessage): void {
		this.#channel.post(message);
	}
}

/** Waits for the pass under way, runs one more, and waits for it. */
async function passHere(loop: SyncLoop): Promise<void> {
	await loop.settled();
	loop.kick();
	await loop.settled();
}
