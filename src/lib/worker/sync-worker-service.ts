import type { MessageData, RecordType, SessionData } from '$lib/protocol/record';
import type { ReplyEvent } from '$lib/protocol/live-events';
import { hashData } from '$lib/sync/hash';
import { sameData } from '$lib/sync/same-data';
import { localKey, onTopOf, type LocalRecord } from '$lib/sync/local-record';
import { PushTrigger } from '$lib/sync/push-trigger';
import type { LoopClock } from '$lib/sync/sync-loop';
import { PagePace } from '$lib/sync/page-pace';
import { comparePositions, type Journal, type MessagePosition } from './journal';
import { chatsToMove, GUEST_JOURNAL } from './guest-chats';
import { LiveEvents } from './live-events';
import { aloneTabLinks, FALLBACK_PULL_MS, SharedLoop, type TabLinks } from './shared-loop';
import { searchChats, type SearchResults } from './search/chat-search';
import { SearchIndex } from './search/search-index';
import { SessionCache } from './session-cache';
import { readSessionViews } from './session-views';
import { storedStates } from './stored-states';
import { SyncEngine } from './sync-engine';
import {
	healthAfterPass,
	NO_HEALTH,
	PassFailures,
	readSyncHealth,
	SYNC_HEALTH_META
} from './sync-health';
import type {
	ChangeNotice,
	MessageView,
	MessageWindow,
	RecordChange,
	SessionView,
	SyncStatusView,
	SyncWorkerApi
} from './sync-worker-api';
import type { PushKind } from './tab-message';
import type { Transport } from './transport';

/** What the worker service is built from; the entry file passes the browser's. */
export interface WorkerDeps {
	openJournal: (userId: string) => Promise<Journal>;
	/** Removes a journal from the device (it must be closed everywhere first). */
	deleteJournal: (userId: string) => Promise<void>;
	transport: (origin: string) => Transport;
	clock: LoopClock;
	newId: () => string;
	now: () => number;
	/** When the push that carries a change goes (see PushTrigger). */
	pushWindowMs: number;
	/** How long title edits wait for quiet before they are pushed. */
	quietMs: number;
	/** How the worker reaches the other tabs (Web Locks, BroadcastChannel); alone without. */
	tabs?: TabLinks;
	/**
	 * Opens the account's live events stream (see live-events.ts); without it the worker hears
	 * of the server's changes only by pulling.
	 */
	events?: (origin: string, accountId: string, signal: AbortSignal) => Promise<Response>;
	/** How long the syncing tab stays without a pass before it pulls anyway (3 min by default). */
	fallbackPullMs?: number;
}

const CLIENT_ID_META = 'clientId';

/** The view of a live message entry (none for a tombstone or a session). */
function messageView(entry: LocalRecord): MessageView[] {
	if (entry.type !== 'message' || entry.deleted) return [];
	return [
		{
			id: entry.id,
			...entry.data,
			synced: entry.acked === entry.hash,
			rejected: entry.rejected?.hash === entry.hash ? entry.rejected.message : null
		}
	];
}

/** How soon the records written should be pushed (see PushTrigger). */
function pushKindOf(entries: readonly LocalRecord[]): PushKind {
	if (entries.some((e) => e.type === 'message' && !e.deleted && e.data.role === 'user')) {
		return 'now';
	}
	return entries.every((e) => e.type === 'session') ? 'quiet' : 'soon';
}

/** A notice of a change to the sync state only. */
const STATUS_ONLY: ChangeNotice = { sessions: [], messages: [], status: true };

/** The notice of records written to the journal. */
export function noticeOf(records: readonly LocalRecord[]): ChangeNotice {
	const sessions: string[] = [];
	const bySession = new Map<string, string[]>();
	for (const record of records) {
		if (record.type === 'session') sessions.push(record.id);
		else bySession.set(record.sessionId, [...(bySession.get(record.sessionId) ?? []), record.id]);
	}
	return {
		sessions,
		messages: [...bySession].map(([sessionId, ids]) => ({ sessionId, ids })),
		status: true
	};
}

/** The sync worker: the journal, the sync loop, and the views the page reads. */
export class SyncWorkerService implements SyncWorkerApi {
	#journal: Journal | undefined;
	#loop: SharedLoop | undefined;
	/** The open journal holds chats without an account: kept here, never synced. */
	#guest = false;
	/** Whole conversations saved at once, kept to compare the next such save in memory. */
	#cache = new SessionCache();
	#listeners: ((notice: ChangeNotice) => void)[] = [];
	#replyListeners: ((piece: ReplyEvent) => void)[] = [];
	/** The account's live events, held while this tab syncs (see #steerLive). */
	#live: LiveEvents | undefined;
	#online = true;
	/** standBy(true) was called and standBy(false) not since. */
	#standingBy = false;
	/** The messages' text as the search holds it between searches. */
	#searchIndex = new SearchIndex();
	#pushTimer: unknown;
	#trigger: PushTrigger;
	/** The journal being opened or closed: calls made meanwhile wait for it (see #openJournal). */
	#switching: Promise<void> = Promise.resolve();
	/** Whether this tab's page has drawn what it was told: the pull's pages wait for it. */
	#pace: PagePace;

	constructor(private readonly deps: WorkerDeps) {
		this.#pace = new PagePace(deps.clock);
		// Read at every change: the entry file's deps follow the connection (see sync-pace.ts).
		this.#trigger = new PushTrigger(
			() => deps.pushWindowMs,
			() => deps.quietMs
		);
	}

	#notify(notice: ChangeNotice = STATUS_ONLY): void {
		for (const listener of this.#listeners) {
			try {
				listener(notice);
			} catch {
				// A page that went away: nothing to tell.
			}
		}
	}

	/** Hands a piece of a reply being written to this tab's page. */
	#tellReply(piece: ReplyEvent): void {
		for (const listener of this.#replyListeners) {
			try {
				listener(piece);
			} catch {
				// A page that went away: nothing to tell.
			}
		}
	}

	/**
	 * Holds the live events while this tab syncs a signed-in account's journal, online, and the
	 * server has not refused it (401: paused; 409: another account).
	 */
	#steerLive(): void {
		const loop = this.#loop;
		const state = loop?.state;
		this.#live?.want(
			loop !== undefined &&
				loop.isLeader &&
				this.#online &&
				!this.#standingBy &&
				state !== 'paused' &&
				state !== 'other-account'
		);
	}

	/** A live event says where the server is: pulls when the journal is not there yet. */
	async #poked(engine: SyncEngine, loop: SharedLoop, cursor: string | null): Promise<void> {
		// A pass under way may bring that change already.
		await loop.settled();
		if (this.#loop !== loop) return;
		if (await engine.behind(cursor)) loop.kick();
	}

	#requireJournal(): Journal {
		if (!this.#journal) throw new Error('the journal is not open: sign in first');
		return this.#journal;
	}

	/**
	 * The open journal, once a sign-in or sign-out under way has opened or closed it: the page
	 * shows the chats as soon as it knows the user, and a message sent in that moment is written
	 * to the account's journal, not refused.
	 */
	async #openJournal(): Promise<Journal> {
		let switching: Promise<void>;
		do {
			switching = this.#switching;
			await switching;
		} while (switching !== this.#switching);
		return this.#requireJournal();
	}

	/** Runs an open or a close after the one before it. */
	#switch(step: () => Promise<void>): Promise<void> {
		const next = this.#switching.then(step, step);
		this.#switching = next.catch(() => undefined);
		return next;
	}

	open(userId: string, origin: string): Promise<void> {
		return this.#switch(() => this.#open(userId, origin));
	}

	async #open(userId: string, origin: string): Promise<void> {
		await this.#close();
		const journal = await this.deps.openJournal(userId);
		let clientId = await journal.getMeta(CLIENT_ID_META);
		if (!clientId) {
			clientId = this.deps.newId();
			await journal.setMeta(CLIENT_ID_META, clientId);
		}
		const failures = new PassFailures();
		const engine = new SyncEngine(journal, failures.watch(this.deps.transport(origin)), {
			clientId,
			accountId: userId,
			newBatchId: this.deps.newId,
			now: this.deps.now,
			isOnline: () => this.#online,
			onChange: (records) => {
				this.#cache.wrote(records);
				this.#searchIndex.wrote(records);
				this.#toldPage();
				loop.synced(noticeOf(records));
			},
			pageReady: () => this.#pace.ready()
		});
		this.#journal = journal;
		// One tab of the account runs the sync loop; this one may only follow it.
		const loop = new SharedLoop({
			accountId: userId,
			links: this.deps.tabs ?? aloneTabLinks(),
			clock: this.deps.clock,
			newId: this.deps.newId,
			pass: async (attempt) => {
				this.#passStarts();
				failures.reset();
				const outcome = await engine.pass(attempt);
				// Written before the loop's state changes, which every tab's page hears.
				const health = readSyncHealth(await journal.getMeta(SYNC_HEALTH_META));
				const after = healthAfterPass(health, outcome, failures.failure(), this.deps.now());
				if (after !== health) await journal.setMeta(SYNC_HEALTH_META, JSON.stringify(after));
				this.#notify();
				return outcome;
			},
			// Every change of the lead or of the loop's state comes here: the live events follow.
			notify: (notice) => {
				this.#steerLive();
				this.#notify(notice);
			},
			heard: (notice) => {
				this.#cache.heard(notice);
				this.#searchIndex.heard(notice);
			},
			schedule: (push) => this.#scheduleSync(push),
			reply: (piece) => this.#tellReply(piece),
			online: this.#online,
			fallbackPullMs: () => this.deps.fallbackPullMs ?? FALLBACK_PULL_MS
		});
		this.#loop = loop;
		if (this.#standingBy) loop.standBy(true);
		const events = this.deps.events;
		if (events) {
			this.#live = new LiveEvents({
				open: (signal) => events(origin, userId, signal),
				clock: this.deps.clock,
				now: this.deps.now,
				onCursor: (cursor) => void this.#poked(engine, loop, cursor),
				onReply: (piece) => loop.relayReply(piece),
				// The loop's next pass meets the same refusal and stops (paused, other-account).
				onRefused: () => loop.kick()
			});
		}
		this.#steerLive();
	}

	openGuest(): Promise<void> {
		return this.#switch(() => this.#openGuest());
	}

	async #openGuest(): Promise<void> {
		await this.#close();
		this.#journal = await this.deps.openJournal(GUEST_JOURNAL);
		this.#guest = true;
		this.#notify();
	}

	async adoptGuestChats(): Promise<number> {
		await this.#openJournal();
		if (this.#guest) throw new Error('sign in first: the chats without an account are open');
		const guest = await this.deps.openJournal(GUEST_JOURNAL);
		let changes: RecordChange[];
		try {
			changes = await chatsToMove(guest);
		} finally {
			guest.close();
		}
		// Written before the guest journal goes: a crash in between writes the same data again,
		// which save() finds unchanged, so that every chat reaches the account once.
		if (changes.length > 0) await this.save(changes);
		await this.deps.deleteJournal(GUEST_JOURNAL);
		return changes.length;
	}

	async forget(userId: string): Promise<void> {
		await this.#switch(async () => {
			if (this.#journal && !this.#guest) await this.#close();
		});
		await this.deps.deleteJournal(userId);
	}

	close(): Promise<void> {
		return this.#switch(() => this.#close());
	}

	async #close(): Promise<void> {
		// A pull waiting for the page goes on at once: the loop's close below waits for its pass.
		this.#pace.caughtUp();
		this.#live?.want(false);
		this.#live = undefined;
		await this.#loop?.close();
		this.#journal?.close();
		this.#journal = undefined;
		this.#loop = undefined;
		this.#guest = false;
		this.#cache.clear();
		this.#searchIndex.clear();
	}

	otherAccount(): void {
		this.#loop?.otherAccount();
		this.#steerLive();
		this.#notify();
	}

	resume(): void {
		this.#loop?.resume();
		this.#steerLive();
		this.#notify();
	}

	async sessions(): Promise<SessionView[]> {
		return readSessionViews(await this.#openJournal());
	}

	async search(query: string): Promise<SearchResults> {
		const journal = await this.#openJournal();
		// Without an account no other tab tells this one what it wrote: read everything again.
		if (!this.#loop) this.#searchIndex.clear();
		const chats = await readSessionViews(journal);
		return searchChats(journal, this.#searchIndex, chats, query);
	}

	async messages(sessionId: string): Promise<MessageView[]> {
		const journal = await this.#openJournal();
		const entries = await journal.listBySession(sessionId);
		return entries.flatMap(messageView).sort((a, b) => comparePositions(a, b));
	}

	async messageWindow(
		sessionId: string,
		limit: number,
		before?: MessagePosition
	): Promise<MessageWindow> {
		// One more than asked tells whether older messages exist.
		const journal = await this.#openJournal();
		const page = await journal.messagePage(sessionId, limit + 1, before);
		const hasOlder = page.length > limit;
		return { messages: page.slice(hasOlder ? 1 : 0).flatMap(messageView), hasOlder };
	}

	async messagesByIds(
		sessionId: string,
		ids: string[],
		from?: MessagePosition
	): Promise<MessageView[]> {
		const journal = await this.#openJournal();
		const entries = await journal.getMany(ids.map((id) => localKey('message', id)));
		return entries.flatMap((e) =>
			e && e.sessionId === sessionId
				? messageView(e).filter((m) => !from || comparePositions(m, from) >= 0)
				: []
		);
	}

	async save(changes: RecordChange[]): Promise<void> {
		const journal = await this.#openJournal();
		const keys = changes.map((c) => localKey(c.type, c.id));
		const stored = await storedStates(journal, changes, keys, this.#cache);
		const written = new Map<string, LocalRecord>();
		for (const [index, change] of changes.entries()) {
			const key = keys[index] as string;
			const previous = written.get(key) ?? stored.get(key);
			if (previous?.deleted) throw new Error(`${change.type} ${change.id} was deleted`);
			// The diff: only data that differs from the journal's is hashed and written.
			if (previous && sameData(previous.data, change.data)) continue;
			written.set(key, this.#entry(change, await hashData(change.data)));
		}
		if (written.size === 0) return;
		const changed = [...written.values()];
		// What the server has acknowledged of each record is taken as the write reads it: an
		// answer or a pull stored since the diff (by this tab or another) is kept.
		const entries = await journal.update(
			changed.map((e) => e.key),
			(current) => changed.map((entry, index) => onTopOf(entry, current[index]))
		);
		this.#wrote(entries, pushKindOf(entries));
	}

	/** A change as a journal entry; what the server has of it is filled in by onTopOf. */
	#entry(change: RecordChange, hash: string): LocalRecord {
		const common = {
			key: localKey(change.type, change.id),
			id: change.id,
			acked: null,
			version: null,
			rejected: null,
			changedAt: this.deps.now(),
			deleted: false as const,
			hash
		};
		return change.type === 'session'
			? { ...common, type: 'session', sessionId: '', data: change.data }
			: { ...common, type: 'message', sessionId: change.data.sessionId, data: change.data };
	}

	saveSession(id: string, data: SessionData): Promise<void> {
		return this.save([{ type: 'session', id, data }]);
	}

	saveMessage(id: string, data: MessageData): Promise<void> {
		return this.save([{ type: 'message', id, data }]);
	}

	async deleteSession(id: string): Promise<void> {
		const journal = await this.#openJournal();
		const now = this.deps.now();
		const tombstone = (
			type: RecordType,
			recordId: string,
			previous: LocalRecord | undefined
		): LocalRecord => ({
			key: localKey(type, recordId),
			id: recordId,
			type,
			sessionId: previous?.sessionId ?? '',
			deleted: true,
			hash: null,
			data: null,
			acked: previous?.acked ?? null,
			version: previous?.version ?? null,
			rejected: null,
			changedAt: now
		});
		// The server deletes a session's messages with it; locally they go at once.
		const keys = (await journal.listBySession(id)).map((m) => m.key);
		keys.push(localKey('session', id));
		const written = await journal.update(keys, (current) =>
			current.flatMap((previous, index): LocalRecord[] => {
				if (index === keys.length - 1) return [tombstone('session', id, previous)];
				if (!previous) return [];
				return [{ ...tombstone('message', previous.id, previous), acked: 'deleted' }];
			})
		);
		this.#wrote(written, 'soon');
	}

	/** Tells the page (and, syncing, the other tabs) of records written; the leader pushes them. */
	#wrote(records: readonly LocalRecord[], push: PushKind): void {
		this.#cache.wrote(records);
		this.#searchIndex.wrote(records);
		const notice = noticeOf(records);
		if (this.#loop) this.#loop.wrote(notice, push);
		else this.#notify(notice);
	}

	/** Schedules the push that carries a change written now. */
	#scheduleSync(kind: PushKind): void {
		const due = this.#trigger.change(kind, this.deps.now());
		if (this.#pushTimer !== undefined) this.deps.clock.clearTimeout(this.#pushTimer);
		this.#pushTimer = this.deps.clock.setTimeout(
			() => {
				this.#pushTimer = undefined;
				this.#loop?.kick();
			},
			Math.max(0, due - this.deps.now())
		);
	}

	/** A pass starts: it carries every change written so far. */
	#passStarts(): void {
		if (this.#pushTimer !== undefined) this.deps.clock.clearTimeout(this.#pushTimer);
		this.#pushTimer = undefined;
		this.#trigger.fired(this.deps.now());
	}

	async syncNow(): Promise<SyncStatusView> {
		await this.#loop?.syncNow();
		return this.status();
	}

	setOnline(online: boolean): void {
		this.#online = online;
		if (online) this.#loop?.online();
		else this.#loop?.offline();
		this.#steerLive();
		this.#notify();
	}

	pullNow(): void {
		this.#loop?.poke();
	}

	caughtUp(): void {
		this.#pace.caughtUp();
	}

	/** This tab's page (if it listens) has records to draw: see caughtUp. */
	#toldPage(): void {
		if (this.#listeners.length > 0) this.#pace.told();
	}

	standBy(on: boolean): void {
		this.#standingBy = on;
		this.#loop?.standBy(on);
		this.#steerLive();
	}

	async status(): Promise<SyncStatusView> {
		const journal = this.#journal;
		if (!journal) {
			return {
				state: 'idle',
				pending: 0,
				outbox: 0,
				online: this.#online,
				refused: [],
				localOnly: false,
				...NO_HEALTH
			};
		}
		const [pending, outbox, health] = await Promise.all([
			journal.countPending(),
			journal.outbox(),
			journal.getMeta(SYNC_HEALTH_META)
		]);
		return {
			state: this.#loop?.state ?? 'idle',
			pending,
			outbox: outbox.filter((b) => b.failure === null).length,
			online: this.#online,
			refused: outbox.flatMap((b) =>
				b.failure ? [{ ...b.failure, records: b.records.length }] : []
			),
			localOnly: this.#guest,
			...readSyncHealth(health)
		};
	}

	subscribe(listener: (notice: ChangeNotice) => void, onReply?: (piece: ReplyEvent) => void): void {
		this.#listeners.push(listener);
		if (onReply) this.#replyListeners.push(onReply);
	}
}
