import type { Remote } from 'comlink';
import { v7 as uuidv7 } from 'uuid';
import { estimateTokens } from '$lib/chat/demo-reply';
import type { User } from '$lib/protocol/auth';
import type { ModelList } from '$lib/protocol/models';
import type { MessageData } from '$lib/protocol/record';
import type { ReplyEvent } from '$lib/protocol/live-events';
import { reactToAccountEvent, type AccountEvent } from '$lib/sync/account-event';
import { backoffDelay } from '$lib/sync/backoff';
import type {
	ChangeNotice,
	MessageView,
	RecordChange,
	SessionView,
	SyncStatusView,
	SyncWorkerApi
} from '$lib/worker/sync-worker-api';
import { NO_HEALTH } from '$lib/worker/sync-health';
import { openAccountChannel, type AccountChannel } from './account-channel';
import * as auth from './auth-api';
import { withAuthLock } from './auth-lock';
import { Chats } from './chats.svelte';
import { titleFromMessage, UNTITLED } from '$lib/chat/chat-titles';
import { loadGuestMode, saveGuestMode } from './guest-mode';
import { guestReply, type DeviceReply } from './guest-reply';
import { loadLastUser, saveLastUser } from './last-user';
import { mayHoldSession } from './session-hint';
import { authMode } from './auth-mode';
import {
	finishLinkSignIn,
	onSupabaseRenewed,
	returnedFromLink,
	supabaseClient,
	supabaseSendLink
} from './supabase-auth';
import {
	applyChanges,
	EMPTY_WINDOW,
	prependOlder,
	type MessageWindowState
} from './message-window';
import { loadModel, modelToSend, pickerModels, saveModel } from './model-choice';
import { NoticeQueue } from './notice-queue';
import { Replies } from './replies.svelte';
import { fetchModels } from './replies-api';
import { awaitsReply, replyStates as replyStatesOf } from './reply-states';
import {
	askServiceWorker,
	onPushReplayed,
	onUpdating,
	registerServiceWorker
} from './pwa/registration';
import { drawnSignal } from './drawn-signal';
import { storageErrorWords } from './storage-error';
import { browserConnection, NORMAL_PACE, syncPace } from '$lib/sync/sync-pace';
import { flushSignOut, forgetSignOut, queueSignOut, signOutPending } from './sign-out-queue';
import { startSyncWorker, workerCallback } from './sync-worker-client';

const nowIso = () => new Date().toISOString();
const isSuccess = (status: number) => status >= 200 && status < 300;
/** Messages the page reads at a time: the newest on opening, older ones as the user scrolls. */
const WINDOW_PAGE = 50;
/** How much of the conversation a reply written on the device sees. */
const REPLY_CONTEXT = 200;
/** A page coming into view asks for a pull at most this often. */
const VIEW_PULL_MS = 2_000;
/**
 * While a reply is awaited and nothing about replies was heard for this long (longer when the
 * connection saves data), the page asks for a pull: the live events may not reach it (a proxy
 * that holds them back, a stream refused). Checked this often.
 */
const QUIET_REPLY_MS = NORMAL_PACE.quietReplyPullMs;

/** The state of the chat page and what the user can do on it. */
export class ChatApp {
	user = $state<User | null>(null);
	/** Chatting without an account: the chats stay on this device. */
	guest = $state(false);
	/** The sign-in form shows over the chats kept without an account. */
	showAuth = $state(false);
	ready = $state(false);
	/** Signed in: the form has gone and the chats are about to be drawn. */
	entering = $state(false);
	sessions = $state<SessionView[]>([]);
	activeId = $state<string | null>(null);
	/** The open conversation's window: its newest messages, older ones once scrolled to. */
	messages = $state.raw<MessageView[]>([]);
	/** Whether the open conversation has messages before those shown. */
	hasOlder = $state(false);
	/** Messages the user sent from this page: the conversation follows each to the newest. */
	sent = $state(0);
	/** Without an account: the reply the device is writing, in its chat, or null. */
	streaming = $state<DeviceReply | null>(null);
	/** With an account: the replies the server writes, as this page follows them. */
	replies = new Replies({
		worker: () => this.#worker,
		fail: (message) => (this.error = message)
	});
	/** The chat list: rename, delete with Undo, search, New chat (see chats.svelte.ts). */
	chats: Chats = new Chats({
		worker: () => this.#worker,
		sessions: () => this.sessions,
		activeId: () => this.activeId,
		owner: () => this.user?.id ?? (this.guest ? 'guest' : null),
		select: (id) => this.select(id),
		create: () => this.#createChat(),
		refresh: () => this.refresh(),
		fail: (message) => (this.error = message)
	});
	/** The models the server offers, once read (null: unknown, or it failed). */
	models = $state.raw<ModelList | null>(null);
	/** The model picked on this device (null: the server's default). */
	model = $state<string | null>(loadModel());
	sync = $state<SyncStatusView>({
		state: 'idle',
		pending: 0,
		outbox: 0,
		online: true,
		refused: [],
		localOnly: false,
		...NO_HEALTH
	});
	error = $state<string | null>(null);
	busy = $state(false);
	/** A line for the sign-in form: why it shows. */
	notice = $state<string | null>(null);
	/** The email the sign-in form starts with. */
	signInEmail = $state('');
	/** The server signs people in through Supabase Auth, which can email a sign-in link. */
	signInByLink = $state(false);
	/** Set while the page asks whether to sign out with changes the server has not received. */
	signOutCheck = $state<{ unsent: number } | null>(null);
	/**
	 * What each message of the open conversation shows about its reply: worked out once per
	 * change, not on each read (every row of the list reads it).
	 */
	readonly replyStates = $derived(
		replyStatesOf(this.messages, {
			account: this.user !== null,
			online: this.sync.online,
			asked: this.replies.followed.asked,
			replying: this.streaming !== null
		})
	);

	#worker: Remote<SyncWorkerApi> | undefined;
	#channel: AccountChannel | undefined;
	#signOutRetry: ReturnType<typeof setTimeout> | undefined;
	#signOutAttempts = 0;
	#window: MessageWindowState = EMPTY_WINDOW;
	/** Counts window loads: a change read before the last load is not applied over it. */
	#windowLoads = 0;
	#loadingOlder = false;
	#notices = new NoticeQueue();
	#applying = false;
	#viewPulledAt = 0;
	/** When the page last heard of replies: a piece, or messages written. */
	#heardAt = 0;
	/** Tells the worker that what it told this page is drawn: its pull goes on (page-pace.ts). */
	#drawn = drawnSignal(() => void this.#worker?.caughtUp());

	/** Starts the service worker and the sync worker and restores the signed-in user. */
	async start(): Promise<void> {
		// Before anything else: a sign-out queued while offline ends the old session first, so
		// that this start never signs back in with the old cookie.
		const signedOut = await this.#finishSignOut();
		await registerServiceWorker();
		const worker = startSyncWorker();
		this.#worker = worker;
		await worker.subscribe(
			workerCallback((notice: ChangeNotice) => this.#onNotice(notice)),
			workerCallback((piece: ReplyEvent) => {
				this.#heardAt = Date.now();
				this.replies.heard(piece);
			})
		);
		setInterval(() => this.#pullWhenQuiet(), QUIET_REPLY_MS);
		// The service worker delivered or set aside a batch this page also holds: a pass now
		// acknowledges it (the server answers a replay from its record) or shows it refused.
		onPushReplayed(() => {
			if (this.user) void this.syncNow();
		});
		// Listening first, so that a change while the state is read is not missed.
		addEventListener('online', () => {
			askServiceWorker({ type: 'FLUSH_PUSHES' });
			void worker.setOnline(true);
			void this.#finishSignOut();
			if (this.user && !this.models) void this.#loadModels();
		});
		// What changed elsewhere while the page was out of view comes at once.
		addEventListener('focus', () => this.#inView());
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState !== 'visible') return;
			askServiceWorker({ type: 'FLUSH_PUSHES' });
			this.#inView();
		});
		addEventListener('offline', () => void worker.setOnline(false));
		onUpdating((updating) => worker.standBy(updating));
		await worker.setOnline(navigator.onLine);
		this.#channel = openAccountChannel((event) => void this.#onAccountEvent(event));
		// Back from a Supabase sign-in link: the Supabase client finishes the sign-in first.
		if (returnedFromLink(location.href)) {
			const mode = await authMode();
			if (mode.mode === 'supabase') await finishLinkSignIn(mode).catch(() => undefined);
		}
		if (signedOut) {
			// Nobody signed in here before and no session cookie: no need to ask (and log a 401).
			const ask = mayHoldSession(document.cookie) || loadLastUser() !== null;
			const fromServer = ask ? await auth.currentUser() : null;
			const user = fromServer === undefined ? loadLastUser() : fromServer;
			if (user) await this.#open(user);
			else if (loadGuestMode()) await this.chatWithoutAccount();
			// The server says who this browser's requests go out as: tabs of anyone else stop.
			if (fromServer) this.#channel.announce({ type: 'signed-in', userId: fromServer.id });
		}
		this.ready = true;
		void this.#watchSupabase();
	}

	/**
	 * In Supabase mode: offers sign-in links, and keeps the Supabase client running while
	 * someone is signed in, so that it renews the access token the server reads; each new token
	 * sends what waited for one.
	 */
	async #watchSupabase(): Promise<void> {
		const mode = await authMode();
		if (mode.mode !== 'supabase') return;
		this.signInByLink = true;
		onSupabaseRenewed(() => {
			askServiceWorker({ type: 'FLUSH_PUSHES' });
			if (this.user) void this.syncNow();
		});
		if (this.user) await supabaseClient(mode);
	}

	/** Emails a Supabase sign-in link to `email`. */
	async sendSignInLink(email: string): Promise<void> {
		this.error = null;
		this.busy = true;
		const mode = await authMode();
		const sent =
			mode.mode === 'supabase'
				? await supabaseSendLink(mode, email)
				: {
						ok: false as const,
						error: { status: 404, message: 'This server has no sign-in links.' }
					};
		this.busy = false;
		if (!sent.ok) {
			this.error = sent.error.message;
			return;
		}
		this.signInEmail = email;
		this.notice = `We sent a sign-in link to ${email}. Open it on this device to sign in.`;
	}

	/**
	 * Sends a queued sign-out; true when none is left waiting. While one is, it is tried again
	 * with backoff besides on `online`: the browser may think it is online while the server
	 * cannot be reached, or miss the event.
	 */
	async #finishSignOut(): Promise<boolean> {
		if (!signOutPending()) return true;
		const status = await withAuthLock(() => flushSignOut(auth.endServerSession));
		const done = isSuccess(status);
		// A 4xx will not change by itself: the next sign-in here replaces the cookie instead.
		const transient = status === 0 || status >= 500;
		if (transient && this.#signOutRetry === undefined) {
			const delay = backoffDelay(this.#signOutAttempts++, Math.random, 2_000, 30_000);
			this.#signOutRetry = setTimeout(() => {
				this.#signOutRetry = undefined;
				void this.#finishSignOut();
			}, delay);
		}
		if (done) this.#signOutAttempts = 0;
		return done;
	}

	/** The page came into view: the tab that syncs pulls (at most every VIEW_PULL_MS). */
	#inView(): void {
		const now = Date.now();
		if (!this.user || now - this.#viewPulledAt < VIEW_PULL_MS) return;
		this.#viewPulledAt = now;
		void this.#worker?.pullNow();
		// The server may not have had its model list yet when the page asked (503).
		if (!this.models) void this.#loadModels();
	}

	/** Asks for a pull when a reply is awaited and nothing was heard of replies for a while. */
	#pullWhenQuiet(): void {
		const now = Date.now();
		const quietMs = syncPace(browserConnection()).quietReplyPullMs;
		if (!this.user || !this.sync.online || now - this.#heardAt < quietMs) return;
		if (!awaitsReply(this.replyStates)) return;
		this.#heardAt = now;
		void this.#worker?.pullNow();
	}

	/** Reads the models the server offers, for the picker. */
	async #loadModels(): Promise<void> {
		const user = this.user;
		const models = await fetchModels();
		if (this.user === user) this.models = models;
	}

	/** The models the composer's picker offers (none: it hides). */
	get pickerModels(): string[] {
		return pickerModels(this.models);
	}

	/** Picks the model of the next messages (null: the server's default), remembered here. */
	pickModel(model: string | null): void {
		this.model = model === this.models?.default ? null : model;
		saveModel(this.model);
	}

	async #open(user: User): Promise<void> {
		saveLastUser(user);
		this.user = user;
		this.guest = false;
		this.showAuth = false;
		await this.#worker?.open(user.id, location.origin);
		// Chats written without an account join it, and are pushed once (a device that never
		// chatted without one has none to move).
		if (loadGuestMode()) {
			await this.#worker?.adoptGuestChats();
			saveGuestMode(false);
		}
		void this.#loadModels();
		await this.refresh();
		if (!this.activeId && this.sessions[0]) await this.select(this.sessions[0].id);
	}

	/**
	 * Takes the sign-in form off the page in a task of its own; the chats are drawn in the next.
	 * In one task, the browser lays the whole new page out inside it as the form goes (a long
	 * task on a slow phone); apart, the page is laid out when the frame is drawn.
	 */
	async #leaveForm(): Promise<void> {
		this.entering = true;
		await new Promise((resolve) => setTimeout(resolve, 0));
		this.entering = false;
	}

	/**
	 * Signs up or in with the form's email and password. A sign-out still queued is sent
	 * first: sent after the sign-in, it would end the new session instead of the old one.
	 */
	async authenticate(kind: 'signup' | 'login', email: string, password: string): Promise<void> {
		this.error = null;
		this.busy = true;
		const result = await withAuthLock(async (): Promise<auth.AuthResult> => {
			const status = await flushSignOut(auth.endServerSession);
			if (status === 0 || status >= 500) {
				const message = 'The last sign-out has not reached the server yet. Try again online.';
				return { ok: false, error: { status, message } };
			}
			const answer =
				kind === 'signup' ? await auth.signUp(email, password) : await auth.signIn(email, password);
			// The cookie a refused sign-out was for is replaced: never end the new session.
			if (answer.ok) forgetSignOut();
			return answer;
		});
		this.busy = false;
		if (!result.ok) {
			this.error = result.error.message;
			return;
		}
		this.notice = null;
		await this.#leaveForm();
		await this.#open(result.user);
		this.#channel?.announce({ type: 'signed-in', userId: result.user.id });
		// Pushes queued while signed out were waiting for this (401).
		askServiceWorker({ type: 'FLUSH_PUSHES' });
		// The journal holds what the server has not received: ask the browser not to evict it.
		void navigator.storage?.persist?.().catch(() => false);
	}

	/**
	 * The sign-out button: asks whether to keep the account's chats on this device, and warns
	 * when changes have not reached the server.
	 */
	async requestSignOut(): Promise<void> {
		const status = await this.#worker?.status();
		this.signOutCheck = { unsent: status ? Math.max(status.pending, status.outbox) : 0 };
	}

	/** Opens the chats kept on this device without an account. */
	async chatWithoutAccount(): Promise<void> {
		this.error = null;
		this.notice = null;
		await this.#worker?.openGuest();
		saveGuestMode(true);
		await this.#leaveForm();
		this.guest = true;
		this.showAuth = false;
		await this.refresh();
		if (!this.activeId && this.sessions[0]) await this.select(this.sessions[0].id);
	}

	/** Shows the sign-in form over the chats kept without an account, or back. */
	toggleSignIn(show: boolean): void {
		this.error = null;
		this.showAuth = show;
	}

	/** Keeps the user signed in after all. */
	cancelSignOut(): void {
		this.signOutCheck = null;
	}

	/**
	 * Signs out at once on this device (the sign-in form shows, the journal closes, the other
	 * tabs are told) and ends the session on the server, now or, offline, as soon as the
	 * network returns or the app next starts. Unsent changes stay in the journal.
	 */
	async signOut(keepChats = true): Promise<void> {
		this.signOutCheck = null;
		const user = this.user;
		if (!user) return;
		queueSignOut();
		saveLastUser(null);
		// The page changes at once; the journal closes while the others are told and the
		// server is asked to end the session.
		const closed = this.#closeLocalSession(null, '').then(async () => {
			// The other tabs close it on hearing of the sign-out; the removal waits for them.
			if (!keepChats) await this.#worker?.forget(user.id);
		});
		this.#channel?.announce({ type: 'signed-out', userId: user.id });
		await Promise.all([closed, this.#finishSignOut()]);
	}

	/**
	 * Leaves a journal whose account is not the one signed in (the other-account notice):
	 * shows the sign-in form for that account, without ending anyone's session.
	 */
	async signInAgain(): Promise<void> {
		const user = this.user;
		if (!user) return;
		await this.#closeLocalSession(
			`Sign in as ${user.email} to sync the chats this device keeps for that account.`,
			user.email
		);
	}

	/** Drops the session on this page: the sign-in form shows, the worker closes the journal. */
	async #closeLocalSession(notice: string | null, email: string): Promise<void> {
		this.user = null;
		this.guest = false;
		this.showAuth = false;
		this.sessions = [];
		this.chats.reset();
		this.#setWindow(EMPTY_WINDOW);
		this.activeId = null;
		this.streaming = null;
		this.replies.clear();
		this.models = null;
		this.error = null;
		this.notice = notice;
		this.signInEmail = email;
		this.sync = {
			state: 'idle',
			pending: 0,
			outbox: 0,
			online: this.sync.online,
			refused: [],
			localOnly: false,
			...NO_HEALTH
		};
		await this.#worker?.close();
	}

	/** What another tab's sign-in or sign-out means for this one. */
	async #onAccountEvent(event: AccountEvent): Promise<void> {
		if (this.guest && event.type === 'signed-in') {
			// Another tab signed in: it moves the chats kept here into the account; follow it.
			const user = await auth.currentUser();
			if (user) await this.#open(user);
			return;
		}
		const reaction = reactToAccountEvent(event, this.user?.id ?? null);
		if (reaction === 'sign-out') {
			await this.#closeLocalSession('You signed out in another tab.', this.user?.email ?? '');
		} else if (reaction === 'other-account') {
			await this.#worker?.otherAccount();
		} else if (reaction === 'resume') {
			await this.#worker?.resume();
		}
		await this.refresh();
	}

	/** Reloads the session list, the sync status and the open conversation's newest window. */
	async refresh(): Promise<void> {
		const worker = this.#worker;
		if (!worker || (!this.user && !this.guest)) return;
		const [sessions, status] = await Promise.all([
			worker.sessions(),
			worker.status(),
			this.#loadWindow()
		]);
		this.sessions = this.chats.shown(sessions);
		this.sync = status;
	}

	#setWindow(window: MessageWindowState): void {
		this.#window = window;
		this.messages = window.messages;
		this.hasOlder = window.hasOlder;
		this.replies.shown(window.messages);
	}

	/** Reads the newest page of the open conversation. */
	async #loadWindow(): Promise<void> {
		const worker = this.#worker;
		const active = this.activeId;
		const load = ++this.#windowLoads;
		const window =
			active && worker ? await worker.messageWindow(active, WINDOW_PAGE) : EMPTY_WINDOW;
		if (load === this.#windowLoads && active === this.activeId) this.#setWindow(window);
	}

	/** Reads the page of messages before those shown (the user scrolled back to the top). */
	async loadOlder(): Promise<void> {
		const worker = this.#worker;
		const active = this.activeId;
		const first = this.#window.messages[0];
		if (!worker || !active || !first || !this.#window.hasOlder || this.#loadingOlder) return;
		this.#loadingOlder = true;
		const load = this.#windowLoads;
		try {
			const older = await worker.messageWindow(active, WINDOW_PAGE, first);
			if (load === this.#windowLoads && active === this.activeId) {
				this.#setWindow(prependOlder(this.#window, older));
			}
		} finally {
			this.#loadingOlder = false;
		}
	}

	/** A change in the worker: gathered, then read in one go when the page is free. */
	#onNotice(notice: ChangeNotice): void {
		if (notice.messages.length > 0) this.#heardAt = Date.now();
		this.#notices.add(notice);
		void this.#applyNotices();
	}

	/** Reads what the gathered notices name, and only that. */
	async #applyNotices(): Promise<void> {
		if (this.#applying) return;
		this.#applying = true;
		try {
			while (!this.#notices.empty) {
				const { sessions, status, messages } = this.#notices.take();
				const worker = this.#worker;
				if (!worker || (!this.user && !this.guest)) continue;
				const active = this.activeId;
				const ids = active ? messages.get(active) : undefined;
				const load = this.#windowLoads;
				// Older messages than the window's first, while it does not reach the start, stay out
				// of it: only the window's own and newer ones are read (see applyChanges).
				const first = this.#window.hasOlder ? this.#window.messages[0] : undefined;
				const from = first && { createdAt: first.createdAt, id: first.id };
				const [list, sync, live] = await Promise.all([
					sessions ? worker.sessions() : undefined,
					status ? worker.status() : undefined,
					active && ids ? worker.messagesByIds(active, ids, from) : undefined
				]);
				if (list) this.sessions = this.chats.shown(list);
				if (sync) this.sync = sync;
				if (ids && live && load === this.#windowLoads && active === this.activeId) {
					this.#setWindow(applyChanges(this.#window, ids, live, WINDOW_PAGE));
				}
				// A new device: the newest chat opens as soon as the list has it.
				const newest = list && this.sessions[0];
				if (newest && this.activeId === null) await this.select(newest.id);
			}
		} finally {
			this.#applying = false;
			this.#drawn();
		}
	}

	/** Opens a chat (null: none). */
	async select(id: string | null): Promise<void> {
		this.activeId = id;
		this.error = null;
		await this.#loadWindow();
	}

	/** Opens a new chat: the empty one there is, or a new one (see Chats.newChat). */
	newChat(): Promise<string> {
		return this.chats.newChat();
	}

	async #createChat(): Promise<string> {
		const id = uuidv7();
		const at = nowIso();
		await this.#worker?.saveSession(id, { title: UNTITLED, createdAt: at, updatedAt: at });
		await this.select(id);
		return id;
	}

	/**
	 * Sends a message in the open chat (a new one when none is open). With an account the
	 * message asks the server for a reply (sent with the message, queued offline); without
	 * one the device writes it. False when the message was not written (the page says why, and
	 * the composer gets the text back): a message typed is never dropped without a word.
	 */
	async send(content: string): Promise<boolean> {
		const worker = this.#worker;
		const text = content.trim();
		if (text === '' || this.streaming !== null) return false;
		if (!worker) {
			this.error = 'Outpost is still starting. Send again in a moment.';
			return false;
		}
		this.error = null;
		const account = this.user !== null;
		let sessionId: string;
		try {
			sessionId = this.activeId ?? (await this.newChat());
		} catch (error) {
			this.error = storageErrorWords(error);
			return false;
		}
		const at = nowIso();
		const message: MessageData = {
			sessionId,
			role: 'user',
			content: text,
			model: account ? modelToSend(this.models, this.model) : null,
			status: 'complete',
			inputTokens: estimateTokens(text),
			outputTokens: 0,
			elapsedMs: 0,
			createdAt: at,
			updatedAt: at,
			...(account ? { replyRequest: uuidv7() } : {})
		};
		const changes: RecordChange[] = [{ type: 'message', id: uuidv7(), data: message }];
		const session = this.sessions.find((s) => s.id === sessionId);
		if (session && session.title === UNTITLED) {
			const data = { title: titleFromMessage(text), createdAt: session.createdAt, updatedAt: at };
			changes.push({ type: 'session', id: sessionId, data });
		}
		// Without an account the reply is under way from the moment the message shows.
		if (!account) this.streaming = { sessionId, text: '' };
		// The message and the chat's new title go in one write, and so in one push.
		try {
			await worker.save(changes);
			this.sent++;
		} catch (error) {
			this.streaming = null;
			this.error = storageErrorWords(error);
			return false;
		}
		if (!account) await this.#guestReply(sessionId);
		return true;
	}

	/**
	 * Asks again for a reply to question `questionId` of the open chat (Retry, Regenerate).
	 * With an account the server writes it (the request is queued offline); without one the
	 * device writes it.
	 */
	async askAgain(questionId: string): Promise<void> {
		const sessionId = this.activeId;
		if (!sessionId) return;
		this.error = null;
		if (!this.user) {
			await this.#guestReply(sessionId);
			return;
		}
		const reply = this.messages.find((m) => m.replyTo === questionId);
		await this.replies.askAgain(sessionId, questionId, reply);
	}

	/** Stops the reply being written to question `questionId`. */
	async stopReply(questionId: string): Promise<void> {
		this.error = null;
		await this.replies.stop(questionId);
	}

	/** The demo model's reply to the chat, written on the device (chats without an account). */
	async #guestReply(sessionId: string): Promise<void> {
		try {
			await this.#writeGuestReply(sessionId);
		} catch (error) {
			// The question is written; Retry asks again.
			this.streaming = null;
			this.error = storageErrorWords(error);
		}
	}

	async #writeGuestReply(sessionId: string): Promise<void> {
		const worker = this.#worker;
		if (!worker || !this.guest) return;
		const context = await worker.messageWindow(sessionId, REPLY_CONTEXT);
		const history = context.messages.map((m) => ({ role: m.role, content: m.content }));
		this.streaming = { sessionId, text: '' };
		const result = await guestReply(history, (text: string) => {
			this.streaming = { sessionId, text };
		});
		this.streaming = null;
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
	}

	/** Runs a sync now (the sync button). */
	async syncNow(): Promise<void> {
		if (this.#worker) this.sync = await this.#worker.syncNow();
		await this.refresh();
	}
}
