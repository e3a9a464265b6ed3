import type { Remote } from 'comlink';
import { SvelteSet } from 'svelte/reactivity';
import type {
	SearchHit,
	SearchResults,
	SessionView,
	SyncWorkerApi
} from '$lib/worker/sync-worker-api';
import { changedSession, checkTitle, nextAfterRemoval, reusableChat } from './chat-list';
import { CHAT_DELETE, errorText, storageErrorWords, TITLE_WRITE } from './storage-error';
import { BROWSER_CLOCK, UndoCountdown, type CountdownClock } from './undo-countdown';

/** How long a deleted chat can be brought back before the delete is recorded (and pushed). */
export const UNDO_MS = 5_000;
/** How long the search waits after a keystroke before it asks the worker. */
export const SEARCH_DELAY_MS = 150;

/** What the chat list's state is built from: the chat page's worker and state. */
export interface ChatsEnv {
	worker: () => Remote<SyncWorkerApi> | undefined;
	/** The chats as the page lists them. */
	sessions: () => readonly SessionView[];
	activeId: () => string | null;
	/** Whose journal is open (a user id, or a name for chats without an account). */
	owner: () => string | null;
	/** Opens a chat (null: none). */
	select: (id: string | null) => Promise<void>;
	/** Makes a new chat and opens it. */
	create: () => Promise<string>;
	/** Reads the list again. */
	refresh: () => Promise<void>;
	/** Shows a failure to the user. */
	fail: (message: string) => void;
	clock?: CountdownClock;
}

/** A chat deleted a moment ago, which Undo brings back. */
export interface PendingDelete {
	id: string;
	title: string;
	/** The chat opened in its place, if it was open (Undo opens it again from there). */
	replacedBy: string | null | undefined;
}

/**
 * The chat list's state and what the user does with it: rename inline, delete with Undo (the
 * delete is recorded in the journal, and so pushed, only once the Undo time has passed; a page
 * closed before then deletes nothing), search, and New chat that reuses an empty chat.
 */
export class Chats {
	/** The chat whose title is being edited. */
	editing = $state<string | null>(null);
	/** Why the title typed was refused. */
	renameError = $state<string | null>(null);
	/** The chat deleted last, while Undo can bring it back. */
	pendingDelete = $state.raw<PendingDelete | null>(null);
	query = $state('');
	/** The search's results for `query` (null: none yet). */
	results = $state.raw<SearchResults | null>(null);
	searching = $state(false);

	#env: ChatsEnv;
	/** Chats deleted a moment ago: the list leaves them out until the delete is recorded. */
	#hidden = new SvelteSet<string>();
	#countdown: UndoCountdown | undefined;
	#creating: Promise<string> | undefined;
	/** New chat opens again the empty chats this page made, or older ones (see reusableChat). */
	#startedAt = Date.now();
	#mine = new SvelteSet<string>();
	#searchTimer: ReturnType<typeof setTimeout> | undefined;
	#searches = 0;

	constructor(env: ChatsEnv) {
		this.#env = env;
	}

	/** The chats of `list` to show: those deleted a moment ago are left out. */
	shown<T extends { id: string }>(list: readonly T[]): T[] {
		return list.filter((s) => !this.#hidden.has(s.id));
	}

	/** Forgets the list's state (sign-out): a delete not recorded yet is not recorded. */
	reset(): void {
		this.#countdown?.cancel();
		this.#countdown = undefined;
		this.pendingDelete = null;
		this.#hidden.clear();
		this.editing = null;
		this.renameError = null;
		this.setQuery('');
	}

	/**
	 * Opens the empty untitled chat there is (the newest this page may reuse), or makes one:
	 * New chat never piles up empty chats. Calls made while one runs get its chat.
	 */
	newChat(): Promise<string> {
		this.#creating ??= this.#openEmptyChat().finally(() => (this.#creating = undefined));
		return this.#creating;
	}

	async #openEmptyChat(): Promise<string> {
		// Read from the journal, not the list: a chat made a moment ago may not be listed yet.
		const worker = this.#env.worker();
		const listed = this.shown((await worker?.sessions()) ?? this.#env.sessions());
		const empty = reusableChat(listed, { since: this.#startedAt, mine: this.#mine });
		if (!empty) {
			const made = await this.#env.create();
			this.#mine.add(made);
			return made;
		}
		this.#mine.add(empty.id);
		// Opened again, it comes to the top of the list as a new chat would.
		if (worker && listed[0]?.id !== empty.id) {
			await worker.saveSession(empty.id, changedSession(empty, empty.title, Date.now()));
		}
		await this.#env.select(empty.id);
		return empty.id;
	}

	/** Starts editing a chat's title. */
	startRename(id: string): void {
		this.editing = id;
		this.renameError = null;
	}

	/** Leaves the title as it was. */
	cancelRename(): void {
		this.editing = null;
		this.renameError = null;
	}

	/**
	 * Stores the title typed for the chat being edited; a title refused stays in the editor
	 * with the reason in `renameError`. Resolves with whether the editing ended.
	 */
	async rename(id: string, typed: string): Promise<boolean> {
		const checked = checkTitle(typed);
		if (!checked.ok) {
			this.renameError = checked.error;
			return false;
		}
		const session = this.#env.sessions().find((s) => s.id === id);
		const worker = this.#env.worker();
		this.cancelRename();
		if (!session || !worker || checked.title === session.title) return true;
		try {
			await worker.saveSession(id, changedSession(session, checked.title, Date.now()));
		} catch (error) {
			this.#env.fail(storageErrorWords(error, TITLE_WRITE));
		}
		return true;
	}

	/**
	 * Deletes a chat: it leaves the list at once (the next one opens if it was open) and is
	 * deleted for good once Undo is no longer offered. A delete still waiting is done at once.
	 */
	async remove(id: string): Promise<void> {
		const session = this.#env.sessions().find((s) => s.id === id);
		if (!session) return;
		this.#countdown?.now();
		const owner = this.#env.owner();
		const next = nextAfterRemoval(this.shown(this.#env.sessions()), id);
		const open = this.#env.activeId() === id;
		this.#hidden.add(id);
		this.pendingDelete = { id, title: session.title, replacedBy: open ? next : undefined };
		this.#countdown = new UndoCountdown(
			UNDO_MS,
			() => void this.#record(id, owner),
			this.#env.clock ?? BROWSER_CLOCK
		);
		if (this.editing === id) this.cancelRename();
		if (open) await this.#env.select(next);
	}

	/** Records a delete in the journal, for the journal it was asked in only. */
	async #record(id: string, owner: string | null): Promise<void> {
		if (this.pendingDelete?.id === id) this.pendingDelete = null;
		const worker = this.#env.worker();
		let deleted = false;
		try {
			if (worker && owner !== null && owner === this.#env.owner()) {
				await worker.deleteSession(id);
				deleted = true;
			}
		} catch (error) {
			this.#env.fail(storageErrorWords(error, CHAT_DELETE));
		}
		// Deleted: the list is read without it before it stops being hidden, so that it never
		// shows again. Not deleted (another account opened meanwhile, a failure): it comes back.
		if (deleted) await this.#env.refresh();
		this.#hidden.delete(id);
		if (!deleted) await this.#env.refresh();
	}

	/** Brings back the chat deleted last; open then, it opens again unless another was chosen. */
	async undo(): Promise<void> {
		const pending = this.pendingDelete;
		if (!pending || !this.#countdown || this.#countdown.done) return;
		this.#countdown.cancel();
		this.pendingDelete = null;
		this.#hidden.delete(pending.id);
		await this.#env.refresh();
		if (pending.replacedBy !== undefined && this.#env.activeId() === pending.replacedBy) {
			await this.#env.select(pending.id);
		}
	}

	/** Records the pending delete now (the toast was dismissed). */
	deleteNow(): void {
		this.#countdown?.now();
	}

	/** Holds the Undo countdown while the reader is on the toast, and lets it go on. */
	holdUndo(hold: boolean): void {
		if (hold) this.#countdown?.pause();
		else this.#countdown?.resume();
	}

	/** Sets the search's query; the search runs once typing pauses. */
	setQuery(query: string): void {
		this.query = query;
		if (this.#searchTimer !== undefined) clearTimeout(this.#searchTimer);
		this.#searchTimer = undefined;
		const search = ++this.#searches;
		if (query.trim() === '') {
			this.results = null;
			this.searching = false;
			return;
		}
		this.searching = true;
		this.#searchTimer = setTimeout(() => void this.#search(query, search), SEARCH_DELAY_MS);
	}

	async #search(query: string, search: number): Promise<void> {
		const worker = this.#env.worker();
		if (!worker) return;
		try {
			const results = await worker.search(query);
			if (search === this.#searches) this.results = results;
		} catch (error) {
			if (search === this.#searches) this.#env.fail(`The search failed: ${errorText(error)}`);
		} finally {
			if (search === this.#searches) this.searching = false;
		}
	}

	/** The hits to show: none of a chat deleted a moment ago. */
	get hits(): SearchHit[] {
		return this.results?.hits.filter((hit) => !this.#hidden.has(hit.sessionId)) ?? [];
	}

	/** Opens the chat a search hit is in. */
	async open(hit: SearchHit): Promise<void> {
		await this.#env.select(hit.sessionId);
	}
}
