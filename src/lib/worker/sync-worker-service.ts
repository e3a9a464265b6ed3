import type { MessageData, RecordType, SessionData } from '$lib/protocol/record';
import { hashData } from '$lib/sync/hash';
import { localKey, type LocalRecord } from '$lib/sync/local-record';
import { SyncLoop, type LoopClock } from '$lib/sync/sync-loop';
import type { Journal } from './journal';
import { SyncEngine } from './sync-engine';
import type {
	ChangeNotice,
	MessageView,
	SessionView,
	SyncStatusView,
	SyncWorkerApi
} from './sync-worker-api';
import type { Transport } from './transport';

/** What the worker service is built from; the entry file passes the browser's. */
export interface WorkerDeps {
	openJournal: (userId: string) => Promise<Journal>;
	transport: (origin: string) => Transport;
	clock: LoopClock;
	newId: () => string;
	now: () => number;
	/** Delay between a change and the push that carries it, so a burst goes in one batch. */
	debounceMs: number;
}

const CLIENT_ID_META = 'clientId';

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
	#loop: SyncLoop | undefined;
	#listeners: ((notice: ChangeNotice) => void)[] = [];
	#online = true;
	#debounce: unknown;

	constructor(private readonly deps: WorkerDeps) {}

	#notify(notice: ChangeNotice = STATUS_ONLY): void {
		for (const listener of this.#listeners) {
			try {
				listener(notice);
			} catch {
				// A page that went away: nothing to tell.
			}
		}
	}

	#requireJournal(): Journal {
		if (!this.#journal) throw new Error('the journal is not open: sign in first');
		return this.#journal;
	}

	async open(userId: string, origin: string): Promise<void> {
		await this.close();
		const journal = await this.deps.openJournal(userId);
		let clientId = await journal.getMeta(CLIENT_ID_META);
		if (!clientId) {
			clientId = this.deps.newId();
			await journal.setMeta(CLIENT_ID_META, clientId);
		}
		const engine = new SyncEngine(journal, this.deps.transport(origin), {
			clientId,
			accountId: userId,
			newBatchId: this.deps.newId,
			now: this.deps.now,
			isOnline: () => this.#online,
			onChange: (records) => this.#notify(noticeOf(records))
		});
		this.#journal = journal;
		this.#loop = new SyncLoop(
			async (attempt) => {
				const outcome = await engine.pass(attempt);
				this.#notify();
				return outcome;
			},
			this.deps.clock,
			() => this.#notify()
		);
		if (!this.#online) this.#loop.offline();
		this.#loop.kick();
	}

	async close(): Promise<void> {
		if (this.#loop) this.#loop.offline();
		await this.#loop?.settled();
		this.#journal?.close();
		this.#journal = undefined;
		this.#loop = undefined;
	}

	otherAccount(): void {
		this.#loop?.otherAccount();
		this.#notify();
	}

	resume(): void {
		this.#loop?.resume();
		this.#notify();
	}

	async sessions(): Promise<SessionView[]> {
		const entries = await this.#requireJournal().listByType('session');
		return entries
			.flatMap((e) =>
				e.type === 'session' && !e.deleted
					? [{ id: e.id, ...e.data, synced: e.acked === e.hash }]
					: []
			)
			.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
	}

	async messages(sessionId: string): Promise<MessageView[]> {
		const entries = await this.#requireJournal().listBySession(sessionId);
		return entries
			.flatMap((e) =>
				e.type === 'message' && !e.deleted
					? [
							{
								id: e.id,
								...e.data,
								synced: e.acked === e.hash,
								rejected: e.rejected?.hash === e.hash ? e.rejected.message : null
							}
						]
					: []
			)
			.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
	}

	async #save(type: RecordType, id: string, data: SessionData | MessageData): Promise<void> {
		const journal = this.#requireJournal();
		const key = localKey(type, id);
		const existing = await journal.get(key);
		if (existing?.deleted) throw new Error(`${type} ${id} was deleted`);
		const hash = await hashData(data);
		if (existing?.hash === hash) return;
		const common = {
			key,
			id,
			acked: existing?.acked ?? null,
			version: existing?.version ?? null,
			rejected: existing?.rejected ?? null,
			changedAt: this.deps.now(),
			deleted: false as const,
			hash
		};
		const entry: LocalRecord =
			type === 'session'
				? { ...common, type, sessionId: '', data: data as SessionData }
				: {
						...common,
						type: 'message',
						sessionId: (data as MessageData).sessionId,
						data: data as MessageData
					};
		await journal.put(entry);
		this.#notify(noticeOf([entry]));
		this.#scheduleSync();
	}

	saveSession(id: string, data: SessionData): Promise<void> {
		return this.#save('session', id, data);
	}

	saveMessage(id: string, data: MessageData): Promise<void> {
		return this.#save('message', id, data);
	}

	async deleteSession(id: string): Promise<void> {
		const journal = this.#requireJournal();
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
		const written = (await journal.listBySession(id)).map((message): LocalRecord => ({
			...tombstone('message', message.id, message),
			acked: 'deleted'
		}));
		written.push(tombstone('session', id, await journal.get(localKey('session', id))));
		await journal.putMany(written);
		this.#notify(noticeOf(written));
		this.#scheduleSync();
	}

	#scheduleSync(): void {
		if (this.#debounce !== undefined) this.deps.clock.clearTimeout(this.#debounce);
		this.#debounce = this.deps.clock.setTimeout(() => {
			this.#debounce = undefined;
			this.#loop?.kick();
		}, this.deps.debounceMs);
	}

	async syncNow(): Promise<SyncStatusView> {
		const loop = this.#loop;
		if (loop) {
			await loop.settled();
			loop.kick();
			await loop.settled();
		}
		return this.status();
	}

	setOnline(online: boolean): void {
		this.#online = online;
		if (online) this.#loop?.online();
		else this.#loop?.offline();
		this.#notify();
	}

	async status(): Promise<SyncStatusView> {
		const journal = this.#journal;
		if (!journal) {
			return { state: 'idle', pending: 0, outbox: 0, online: this.#online, refused: [] };
		}
		const [pending, outbox] = await Promise.all([journal.countPending(), journal.outbox()]);
		return {
			state: this.#loop?.state ?? 'idle',
			pending,
			outbox: outbox.filter((b) => b.failure === null).length,
			online: this.#online,
			refused: outbox.flatMap((b) => (b.failure ? [b.failure.detail] : []))
		};
	}

	subscribe(listener: (notice: ChangeNotice) => void): void {
		this.#listeners.push(listener);
	}
}
