import type { Subscriber } from './event-hub';
import type { LiveEvent } from './notifications';
import { sseComment, sseEvent, sseRetry } from './sse-text';

/** How a live event stream paces itself. */
export interface EventStreamOptions {
	/** Bytes unread past which `reply` pieces are dropped (`change` never is). */
	highWaterMark?: number;
	/** Bytes unread past which the stream is ended: its reader has stopped reading. */
	maxBacklog?: number;
	/** How often a comment is sent on an idle stream. */
	keepAliveMs?: number;
	/** How long the client waits before connecting again (the `retry` field). */
	retryMs?: number;
	/** How often `stillSignedIn` is asked. */
	sessionCheckMs?: number;
	/**
	 * Whether the stream's session still holds; the stream ends when it answers false (a
	 * sign-out, on any instance). A check that fails is not an answer: the stream goes on.
	 */
	stillSignedIn?: () => Promise<boolean>;
}

export const KEEP_ALIVE_MS = 15_000;
export const RETRY_MS = 2_000;
export const SESSION_CHECK_MS = 60_000;
const HIGH_WATER_MARK = 64 * 1024;
const MAX_BACKLOG = 1024 * 1024;
/** Events kept while the stream waits for its `ready`; reply pieces past this are dropped. */
const MAX_PENDING = 100;

const encoder = new TextEncoder();

/**
 * One client's live event stream: `body` is the `text/event-stream` to answer with. It starts
 * with `retry` and `ready` once `open` is called; events sent before that wait for it (the
 * `change` of a push that committed while the cursor was read is sent after `ready`, never
 * lost). Once closed, by `close`, by the reader cancelling or by a failed session check, it
 * takes nothing more and runs the functions given to `onClose`.
 */
export class EventStream implements Subscriber {
	readonly body: ReadableStream<Uint8Array>;
	#state: 'waiting' | 'open' | 'closed' = 'waiting';
	#controller!: ReadableStreamDefaultController<Uint8Array>;
	#pending: LiveEvent[] = [];
	#onClose: (() => void)[] = [];
	#timers: ReturnType<typeof setInterval>[] = [];
	#checking = false;
	readonly #options: Required<Omit<EventStreamOptions, 'stillSignedIn'>>;
	readonly #stillSignedIn: (() => Promise<boolean>) | undefined;

	constructor(options: EventStreamOptions = {}) {
		this.#options = {
			highWaterMark: options.highWaterMark ?? HIGH_WATER_MARK,
			maxBacklog: options.maxBacklog ?? MAX_BACKLOG,
			keepAliveMs: options.keepAliveMs ?? KEEP_ALIVE_MS,
			retryMs: options.retryMs ?? RETRY_MS,
			sessionCheckMs: options.sessionCheckMs ?? SESSION_CHECK_MS
		};
		this.#stillSignedIn = options.stillSignedIn;
		this.body = new ReadableStream<Uint8Array>(
			{
				start: (controller) => {
					this.#controller = controller;
				},
				// The reader is gone (the client disconnected): the controller is closed already.
				cancel: () => this.#end(false)
			},
			new ByteLengthQueuingStrategy({ highWaterMark: this.#options.highWaterMark })
		);
	}

	/** Whether the stream has ended. */
	get closed(): boolean {
		return this.#state === 'closed';
	}

	/** Runs `action` when the stream ends (at once if it has). */
	onClose(action: () => void): void {
		if (this.#state === 'closed') action();
		else this.#onClose.push(action);
	}

	/** Sends `retry` and `ready` with `cursor`, then the events that came meanwhile. */
	open(cursor: string | null): void {
		if (this.#state !== 'waiting') return;
		this.#state = 'open';
		this.#write(sseRetry(this.#options.retryMs) + sseEvent('ready', { cursor }));
		const pending = this.#pending;
		this.#pending = [];
		for (const event of pending) this.send(event);
		this.#every(this.#options.keepAliveMs, () => this.#keepAlive());
		if (this.#stillSignedIn) {
			this.#every(this.#options.sessionCheckMs, () => void this.#checkSession());
		}
	}

	send(event: LiveEvent): void {
		if (this.#state === 'closed') return;
		if (this.#state === 'waiting') {
			if (event.name === 'change') {
				// Cursors only grow: the newest change says all the earlier ones do.
				this.#pending = this.#pending.filter((e) => e.name !== 'change');
				this.#pending.push(event);
			} else if (this.#pending.length < MAX_PENDING) this.#pending.push(event);
			return;
		}
		const unread = this.#unread();
		if (event.name === 'reply' && unread >= this.#options.highWaterMark) return;
		if (unread >= this.#options.maxBacklog) {
			this.close();
			return;
		}
		this.#write(sseEvent(event.name, event.data));
	}

	/** Ends the stream: what was written is still delivered, then the response ends. */
	close(): void {
		this.#end(true);
	}

	#end(closeController: boolean): void {
		if (this.#state === 'closed') return;
		this.#state = 'closed';
		this.#pending = [];
		for (const timer of this.#timers) clearInterval(timer);
		this.#timers = [];
		if (closeController) {
			try {
				this.#controller.close();
			} catch {
				// Already closed or errored by the stream itself: nothing to end.
			}
		}
		const actions = this.#onClose;
		this.#onClose = [];
		for (const action of actions) action();
	}

	/** Bytes written and not yet read. */
	#unread(): number {
		return this.#options.highWaterMark - (this.#controller.desiredSize ?? 0);
	}

	#write(text: string): void {
		try {
			this.#controller.enqueue(encoder.encode(text));
		} catch {
			// The stream ended under us (its reader errored): end ours too.
			this.#end(false);
		}
	}

	#keepAlive(): void {
		// A stream with unread bytes is not idle, and a comment would only add to them.
		if (this.#state === 'open' && this.#unread() <= 0) this.#write(sseComment('keep-alive'));
	}

	async #checkSession(): Promise<void> {
		const stillSignedIn = this.#stillSignedIn;
		if (this.#checking || this.#state !== 'open' || !stillSignedIn) return;
		this.#checking = true;
		try {
			if (!(await stillSignedIn())) this.close();
		} catch {
			// The database may be away for a moment; the next check asks again.
		} finally {
			this.#checking = false;
		}
	}

	#every(ms: number, action: () => void): void {
		const timer = setInterval(action, ms);
		timer.unref?.();
		this.#timers.push(timer);
	}
}
