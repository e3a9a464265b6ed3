import type { ReplyEvent } from '$lib/protocol/live-events';
import { backoffDelay, retryAfterMs } from '$lib/sync/backoff';
import { readLiveEvent } from '$lib/sync/live-event';
import { sseParser } from '$lib/client/sse';
import type { LoopClock } from '$lib/sync/sync-loop';

/**
 * The account's live events (`GET /api/sync/events`), held by the worker of the tab that syncs:
 *
 *   stopped ──want(true)──▶ connecting ──200──▶ open ──ended, failed or silent──▶ waiting
 *                              ├──network, 5xx──▶ waiting (backoff)           │
 *                              ├──429──▶ waiting (Retry-After)                 │
 *                              └──401, 409──▶ refused                         │
 *              connecting ◀──────────────────── timer ────────────────────────┘
 *   any ──want(false)──▶ stopped
 *
 * `refused` (the session ended, or another account is signed in) does not connect again until
 * want(false) then want(true): the owner's state changed (the loop paused and resumed, the
 * network or the lead came back). The backoff grows while streams fail or end before
 * `STABLE_MS`; one that stayed open that long starts it again from the first step.
 * It fetches the stream itself (not EventSource) so that it chooses its own backoff and
 * reads the status of a refusal.
 */

/** Where the live events are; see the drawing above. */
export type LiveEventsState = 'stopped' | 'connecting' | 'open' | 'waiting' | 'refused';

/** A stream open this long resets the backoff. */
export const STABLE_MS = 15_000;
/** No byte for this long (the server sends a keep-alive every 15 s): the stream is dead. */
export const SILENCE_MS = 45_000;
/** Backoff of reconnections: from 1 s up to 1 min, full jitter. */
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 60_000;

/** What the live events are built from; the worker passes the browser's. */
export interface LiveEventsDeps {
	/** Opens the stream (a fetch of the events endpoint); rejects on a network failure. */
	open: (signal: AbortSignal) => Promise<Response>;
	clock: LoopClock;
	now: () => number;
	random?: () => number;
	/** `ready` or `change`: the cursor of the account's newest change on the server. */
	onCursor: (cursor: string | null) => void;
	/** A piece of a reply being written. */
	onReply: (piece: ReplyEvent) => void;
	/** The server refused the stream (401 or 409): the sync loop finds out why. */
	onRefused?: (status: number) => void;
	onState?: (state: LiveEventsState) => void;
}

/** The live events client; see the drawing above. */
export class LiveEvents {
	#state: LiveEventsState = 'stopped';
	/** Counts connections: what an older one reads or hears afterwards is ignored. */
	#generation = 0;
	#abort: AbortController | undefined;
	#timer: unknown;
	#silence: unknown;
	#attempt = 0;

	constructor(private readonly deps: LiveEventsDeps) {}

	get state(): LiveEventsState {
		return this.#state;
	}

	/** Failed connections since the last stable one. */
	get attempt(): number {
		return this.#attempt;
	}

	/**
	 * Whether the stream should be held now. True from `stopped` connects at once; false stops
	 * it whatever it was doing.
	 */
	want(wanted: boolean): void {
		if (!wanted) {
			if (this.#state !== 'stopped') this.#stop();
			return;
		}
		if (this.#state !== 'stopped') return;
		this.#attempt = 0;
		void this.#connect();
	}

	#stop(): void {
		this.#generation++;
		this.#clearTimers();
		this.#abort?.abort();
		this.#abort = undefined;
		this.#set('stopped');
	}

	#set(state: LiveEventsState): void {
		if (this.#state === state) return;
		this.#state = state;
		this.deps.onState?.(state);
	}

	#clearTimers(): void {
		if (this.#timer !== undefined) this.deps.clock.clearTimeout(this.#timer);
		if (this.#silence !== undefined) this.deps.clock.clearTimeout(this.#silence);
		this.#timer = undefined;
		this.#silence = undefined;
	}

	async #connect(): Promise<void> {
		const generation = ++this.#generation;
		const current = () => generation === this.#generation;
		const abort = new AbortController();
		this.#abort = abort;
		this.#set('connecting');
		let response: Response;
		try {
			response = await this.deps.open(abort.signal);
		} catch {
			if (current()) this.#retry();
			return;
		}
		if (!current()) {
			void response.body?.cancel().catch(() => {});
			return;
		}
		if (response.status === 401 || response.status === 409) {
			void response.body?.cancel().catch(() => {});
			this.#set('refused');
			this.deps.onRefused?.(response.status);
			return;
		}
		if (!response.ok || !response.body) {
			void response.body?.cancel().catch(() => {});
			const asked =
				response.status === 429 || response.status === 503
					? retryAfterMs(response.headers.get('retry-after'), this.deps.now())
					: undefined;
			this.#retry(asked);
			return;
		}
		await this.#read(response.body, abort, current);
	}

	/** Reads the stream until it ends, fails, stays silent too long, or is stopped. */
	async #read(
		body: ReadableStream<Uint8Array>,
		abort: AbortController,
		current: () => boolean
	): Promise<void> {
		const openedAt = this.deps.now();
		this.#set('open');
		const parse = sseParser();
		const decoder = new TextDecoder();
		const reader = body.getReader();
		// A stream that stays silent past the keep-alives (a connection the network dropped
		// without closing it) is given up.
		const watch = () => {
			if (this.#silence !== undefined) this.deps.clock.clearTimeout(this.#silence);
			this.#silence = this.deps.clock.setTimeout(() => {
				this.#silence = undefined;
				abort.abort();
			}, SILENCE_MS);
		};
		watch();
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done || !current()) break;
				watch();
				for (const event of parse(decoder.decode(value, { stream: true }))) {
					const live = readLiveEvent(event);
					if (!current()) break;
					if (live?.type === 'cursor') this.deps.onCursor(live.cursor);
					else if (live?.type === 'reply') this.deps.onReply(live.piece);
				}
			}
		} catch {
			// Dropped, aborted (stopped or silent): the same way out.
		}
		void reader.cancel().catch(() => {});
		if (!current()) return;
		if (this.deps.now() - openedAt >= STABLE_MS) this.#attempt = 0;
		this.#retry();
	}

	/** Waits before the next connection: `delayMs` when the server said, else the backoff. */
	#retry(delayMs?: number): void {
		this.#clearTimers();
		const random = this.deps.random ?? Math.random;
		const delay = delayMs ?? backoffDelay(this.#attempt, random, BACKOFF_BASE_MS, BACKOFF_CAP_MS);
		this.#attempt++;
		this.#set('waiting');
		this.#timer = this.deps.clock.setTimeout(() => {
			this.#timer = undefined;
			void this.#connect();
		}, delay);
	}
}
