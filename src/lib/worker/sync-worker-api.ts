import type { MessageData, SessionData } from '$lib/protocol/record';
import type { ReplyEvent } from '$lib/protocol/live-events';
import type { LoopState } from '$lib/sync/sync-loop';
import type { MessagePosition } from './journal';
import type { SyncFailure } from './sync-health';
import type { SearchResults } from './search/chat-search';

export type { SearchResults } from './search/chat-search';
export type { SearchHit } from './search/search-hits';
export type { SnippetPart } from './search/snippet';

/** A chat session as the list shows it. */
export interface SessionView {
	id: string;
	title: string;
	createdAt: string;
	updatedAt: string;
	/**
	 * When the chat last saw activity: its newest message written or changed (a message sent,
	 * a reply arriving); without messages, its last change. The list is ordered by it, most
	 * recent first.
	 */
	lastActivityAt: string;
	/** The chat holds no message yet. */
	empty: boolean;
	/** The server holds this exact state. */
	synced: boolean;
}

/** A message as the conversation shows it. */
export interface MessageView extends MessageData {
	id: string;
	synced: boolean;
	/** Why the server refused it, when it did. */
	rejected: string | null;
}

/** A window of a conversation, in display order. */
export interface MessageWindow {
	messages: MessageView[];
	/** Whether the conversation has messages before the first one of the window. */
	hasOlder: boolean;
}

/** The sync state shown to the user. */
export interface SyncStatusView {
	state: LoopState;
	/** Records the server has not acknowledged yet. */
	pending: number;
	/** Batches in the outbox still to be sent (refused ones not counted). */
	outbox: number;
	online: boolean;
	/** Batches the server refused: its status and reason, and how many records each held. */
	refused: { status: number; detail: string; records: number }[];
	/** The chats open are kept on this device without an account: nothing is synced. */
	localOnly: boolean;
	/** When a sync pass last went through, everything sent and pulled (epoch ms), or null. */
	lastSyncedAt: number | null;
	/** Why the last sync pass failed (it is retried), or null when the last one went through. */
	lastError: SyncFailure | null;
}

/** A new or changed state of one record, as the page writes it. */
export type RecordChange =
	| { type: 'session'; id: string; data: SessionData }
	| { type: 'message'; id: string; data: MessageData };

/**
 * What changed in the journal or the sync state, so that the page reads only that: the
 * sessions and the messages (by session) that were written, and whether the status may differ.
 */
export interface ChangeNotice {
	sessions: string[];
	messages: { sessionId: string; ids: string[] }[];
	status: boolean;
}

/** What the sync worker offers the page, over Comlink. Every value is plain and serialisable. */
export interface SyncWorkerApi {
	/**
	 * Opens the journal of a signed-in user and starts syncing with `origin`. Every push and
	 * pull is bound to `userId`: the server refuses them for any other signed-in account.
	 */
	open(userId: string, origin: string): Promise<void>;
	/** Stops syncing and closes the journal (sign-out). */
	close(): Promise<void>;
	/** Opens the chats kept on this device without an account; nothing is synced. */
	openGuest(): Promise<void>;
	/**
	 * Moves the chats kept without an account into the open account's journal, to be pushed
	 * once, and removes them from the device. Resolves with how many records moved.
	 */
	adoptGuestChats(): Promise<number>;
	/** Removes an account's journal from this device (closing it first when it is open). */
	forget(userId: string): Promise<void>;
	/**
	 * Another account signed in in this browser: stops syncing the journal (state
	 * `other-account`) until resume(). Its records and batches stay as they are.
	 */
	otherAccount(): void;
	/** The journal's own account is signed in again: syncing resumes at once. */
	resume(): void;
	/** The live chats, most recent activity first (see SessionView). */
	sessions(): Promise<SessionView[]>;
	/**
	 * Searches the chats' titles and the messages on this device for every word of `query`
	 * (case and accents aside), off the page's thread and offline alike: the titles first, then
	 * the newest messages, at most a few of one chat, each with a snippet. The first search
	 * reads every message; the worker keeps their text for the next ones.
	 */
	search(query: string): Promise<SearchResults>;
	/** Every live message of a session, in display order (reads the whole conversation). */
	messages(sessionId: string): Promise<MessageView[]>;
	/**
	 * A window of a session's messages in display order: the `limit` last ones before `before`
	 * (the newest ones without it), and whether older ones exist.
	 */
	messageWindow(sessionId: string, limit: number, before?: MessagePosition): Promise<MessageWindow>;
	/**
	 * The live messages among `ids` of a session (deleted or unknown ones left out); with `from`,
	 * only those at or after it. A page that shows the newest part of a conversation passes its
	 * first message: a new device's pull brings the history in pages of hundreds of older
	 * messages, which the page would only drop after they were copied to it.
	 */
	messagesByIds(sessionId: string, ids: string[], from?: MessagePosition): Promise<MessageView[]>;
	/**
	 * Records new or changed states of any number of records in one journal transaction.
	 * Records whose data is what the journal holds are not written (nor hashed); the others
	 * are pushed when the server does not have them. A whole conversation posted with one
	 * message changed writes that one message.
	 */
	save(changes: RecordChange[]): Promise<void>;
	/** Records a new or changed session; it is pushed when the server does not have it. */
	saveSession(id: string, data: SessionData): Promise<void>;
	/** Records a new or changed message; only complete messages are pushed. */
	saveMessage(id: string, data: MessageData): Promise<void>;
	deleteSession(id: string): Promise<void>;
	/**
	 * Runs a sync pass now and resolves with the status after it. Where another tab of the
	 * account syncs (see shared-loop.ts), that tab runs it; past a timeout, this resolves anyway.
	 */
	syncNow(): Promise<SyncStatusView>;
	/** Tells the worker the browser's network state. */
	setOnline(online: boolean): void;
	/**
	 * The page came into view (focus, visible): a pass runs soon in whichever tab syncs, to
	 * bring what changed elsewhere. Does not wait for it.
	 */
	pullNow(): void;
	/**
	 * `true`: the page is about to load a new version of the app. No sync pass starts and the
	 * live events close until standBy(false): a request of the sync worker would wake the
	 * service worker being replaced, and Chromium then holds the new version back until that
	 * one idles again. What is written meanwhile is kept and synced after.
	 */
	standBy(on: boolean): void;
	/**
	 * The page has drawn what it was last told: a pull of many pages fetches its next page only
	 * then (or after a second), so that the page's drawing does not share the device with the
	 * download and storage of the next page (see page-pace.ts).
	 */
	caughtUp(): void;
	/** The journal's counts, and the state of the account's sync loop in whichever tab runs it. */
	status(): Promise<SyncStatusView>;
	/**
	 * Calls `listener` (a Comlink proxy) after every change to the journal or the status, and
	 * `onReply` with every piece of a reply being written that the account's live events bring
	 * (heard by whichever tab syncs).
	 */
	subscribe(listener: (notice: ChangeNotice) => void, onReply?: (piece: ReplyEvent) => void): void;
}
