import type { Remote } from 'comlink';
import { v7 as uuidv7 } from 'uuid';
import type { User } from '$lib/protocol/auth';
import type { MessageData } from '$lib/protocol/record';
import type {
	MessageView,
	SessionView,
	SyncStatusView,
	SyncWorkerApi
} from '$lib/worker/sync-worker-api';
import * as auth from './auth-api';
import { streamReply } from './chat-api';
import { titleFromMessage, UNTITLED } from './chat-titles';
import { loadLastUser, saveLastUser } from './last-user';
import { registerServiceWorker } from './service-worker-registration';
import { startSyncWorker, workerCallback } from './sync-worker-client';

const nowIso = () => new Date().toISOString();
const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/** The state of the chat page and what the user can do on it. */
export class ChatApp {
	user = $state<User | null>(null);
	ready = $state(false);
	sessions = $state<SessionView[]>([]);
	activeId = $state<string | null>(null);
	messages = $state<MessageView[]>([]);
	/** The reply being streamed, or null. */
	streaming = $state<string | null>(null);
	sync = $state<SyncStatusView>({
		state: 'idle',
		pending: 0,
		outbox: 0,
		online: true,
		refused: []
	});
	error = $state<string | null>(null);
	busy = $state(false);

	#worker: Remote<SyncWorkerApi> | undefined;

	/** Starts the service worker and the sync worker and restores the signed-in user. */
	async start(): Promise<void> {
		await registerServiceWorker();
		const worker = startSyncWorker();
		this.#worker = worker;
		await worker.subscribe(workerCallback(() => void this.refresh()));
		// Listening first, so that a change while the state is read is not missed.
		addEventListener('online', () => void worker.setOnline(true));
		addEventListener('offline', () => void worker.setOnline(false));
		await worker.setOnline(navigator.onLine);
		const fromServer = await auth.currentUser();
		const user = fromServer === undefined ? loadLastUser() : fromServer;
		if (user) await this.#open(user);
		this.ready = true;
	}

	async #open(user: User): Promise<void> {
		saveLastUser(user);
		this.user = user;
		await this.#worker?.open(user.id, location.origin);
		await this.refresh();
		if (!this.activeId && this.sessions[0]) await this.select(this.sessions[0].id);
	}

	/** Signs up or in with the form's email and password. */
	async authenticate(kind: 'signup' | 'login', email: string, password: string): Promise<void> {
		this.error = null;
		this.busy = true;
		const result =
			kind === 'signup' ? await auth.signUp(email, password) : await auth.signIn(email, password);
		this.busy = false;
		if (!result.ok) {
			this.error = result.error.message;
			return;
		}
		await this.#open(result.user);
	}

	async signOut(): Promise<void> {
		await this.#worker?.close();
		await auth.signOut();
		saveLastUser(null);
		this.user = null;
		this.sessions = [];
		this.messages = [];
		this.activeId = null;
	}

	/** Reloads the lists and the sync status from the worker. */
	async refresh(): Promise<void> {
		const worker = this.#worker;
		if (!worker || !this.user) return;
		const [sessions, status] = await Promise.all([worker.sessions(), worker.status()]);
		this.sessions = sessions;
		this.sync = status;
		this.messages = this.activeId ? await worker.messages(this.activeId) : [];
	}

	async select(id: string): Promise<void> {
		this.activeId = id;
		this.error = null;
		await this.refresh();
	}

	async newChat(): Promise<string> {
		const id = uuidv7();
		const at = nowIso();
		await this.#worker?.saveSession(id, { title: UNTITLED, createdAt: at, updatedAt: at });
		await this.select(id);
		return id;
	}

	/** Sends a message in the open chat (a new one when none is open) and streams the reply. */
	async send(content: string): Promise<void> {
		const worker = this.#worker;
		const text = content.trim();
		if (!worker || text === '' || this.streaming !== null) return;
		this.error = null;
		const sessionId = this.activeId ?? (await this.newChat());
		const at = nowIso();
		await worker.saveMessage(uuidv7(), {
			sessionId,
			role: 'user',
			content: text,
			model: null,
			status: 'complete',
			inputTokens: estimateTokens(text),
			outputTokens: 0,
			elapsedMs: 0,
			createdAt: at,
			updatedAt: at
		});
		const session = this.sessions.find((s) => s.id === sessionId);
		if (session && session.title === UNTITLED) {
			await worker.saveSession(sessionId, {
				title: titleFromMessage(text),
				createdAt: session.createdAt,
				updatedAt: at
			});
		}
		await this.refresh();
		await this.#reply(sessionId);
	}

	/** Asks again for a reply to the last message (after a failure or offline). */
	async retryReply(): Promise<void> {
		if (this.activeId) await this.#reply(this.activeId);
	}

	async #reply(sessionId: string): Promise<void> {
		const worker = this.#worker;
		if (!worker) return;
		const history = (await worker.messages(sessionId)).map((m) => ({
			role: m.role,
			content: m.content
		}));
		this.streaming = '';
		const result = await streamReply(history, (textSoFar) => {
			if (this.activeId === sessionId) this.streaming = textSoFar;
		});
		this.streaming = null;
		if (!result.ok) {
			this.error = result.message;
			return;
		}
		const at = nowIso();
		const reply: MessageData = {
			sessionId,
			role: 'assistant',
			content: result.text,
			model: result.done.model,
			status: 'complete',
			inputTokens: result.done.inputTokens,
			outputTokens: result.done.outputTokens,
			elapsedMs: result.done.elapsedMs,
			createdAt: at,
			updatedAt: at
		};
		await worker.saveMessage(uuidv7(), reply);
		await this.refresh();
	}

	/** Whether the open chat ends with a user message that has no reply. */
	get awaitingReply(): boolean {
		const last = this.messages.at(-1);
		return last !== undefined && last.role === 'user' && this.streaming === null;
	}

	/** Runs a sync now (the sync button). */
	async syncNow(): Promise<void> {
		if (this.#worker) this.sync = await this.#worker.syncNow();
		await this.refresh();
	}
}
