import type { MessageData, SessionData } from '$lib/protocol/record';
import type { LoopState } from '$lib/sync/sync-loop';

/** A chat session as the list shows it. */
export interface SessionView {
	id: string;
	title: string;
	createdAt: string;
	updatedAt: string;
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

/** The sync state shown to the user. */
export interface SyncStatusView {
	state: LoopState;
	/** Records the server has not acknowledged yet. */
	pending: number;
	online: boolean;
	/** Batches the server refused, with its reason. */
	refused: string[];
}

/** What the sync worker offers the page, over Comlink. Every value is plain and serialisable. */
export interface SyncWorkerApi {
	/** Opens the journal of a signed-in user and starts syncing with `origin`. */
	open(userId: string, origin: string): Promise<void>;
	/** Stops syncing and closes the journal (sign-out). */
	close(): Promise<void>;
	sessions(): Promise<SessionView[]>;
	messages(sessionId: string): Promise<MessageView[]>;
	/** Records a new or changed session; it is pushed when the server does not have it. */
	saveSession(id: string, data: SessionData): Promise<void>;
	/** Records a new or changed message; only complete messages are pushed. */
	saveMessage(id: string, data: MessageData): Promise<void>;
	deleteSession(id: string): Promise<void>;
	/** Runs a sync pass now and resolves with the status after it. */
	syncNow(): Promise<SyncStatusView>;
	/** Tells the worker the browser's network state. */
	setOnline(online: boolean): void;
	status(): Promise<SyncStatusView>;
	/** Calls `listener` (a Comlink proxy) after every change to the journal or the status. */
	subscribe(listener: () => void): void;
}
