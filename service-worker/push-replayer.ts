import type { ServerAnswer } from '$lib/sync/response-kind';
import type { PushReplayed } from '$lib/sync/service-worker-messages';
import { batchIdOf } from './batch-id';
import { replayStep } from './replay-step';

/** What the queue keeps of a push beside the request. */
export interface PushMetadata {
	batchId?: string;
}

/** A queued push, as Workbox's `Queue` hands it out. */
export interface QueuedPush {
	request: Request;
	metadata?: PushMetadata;
	timestamp?: number;
}

/** The parts of Workbox's `Queue` the replayer uses. */
export interface PushStore {
	getAll(): Promise<QueuedPush[]>;
	shiftRequest(): Promise<QueuedPush | undefined>;
	pushRequest(entry: QueuedPush): Promise<void>;
}

export interface ReplayerDeps {
	queue: PushStore;
	/** Sends a request once; status 0 for a network error or a timeout. */
	send(request: Request): Promise<ServerAnswer>;
	/** Tells the open pages what became of a batch. */
	notify(message: PushReplayed): Promise<void>;
	isOnline(): boolean;
	now(): number;
	sleep(ms: number): Promise<void>;
	random?: () => number;
	/**
	 * The longest wait for a retry that one flush sits through; a longer one ends the flush
	 * (`later`), and the next sync event, page or timer starts it again.
	 */
	maxWaitMs: number;
}

/**
 * Why a flush stopped: the queue is `empty`; the next replay is due `later` than the flush
 * waits; the browser is `offline`; the server answered 401 and the queue waits for a sign-in.
 */
export type FlushResult = 'empty' | 'later' | 'offline' | 'signed-out';

/**
 * Replays the queue of failed pushes, one at a time and in order. A batch leaves the queue
 * only once the server has answered it for good (2xx, or a 4xx that sets it aside): it is
 * never taken out to be retried, so a service worker stopped at any point still holds it.
 * Retries wait for `Retry-After` or the backoff, across flushes. The backoff (its failure
 * count and its end) lives as long as the service worker runs: one started again tries at
 * once, as a page's own sync does after a reload.
 */
export class PushReplayer {
	#running: Promise<FlushResult> | null = null;
	#again = false;
	/** No replay before this time (ms since the epoch): the backoff after a failure. */
	#backoffUntil = 0;
	/** Nor before this one: the server's `Retry-After`, which no trigger cuts short. */
	#serverUntil = 0;
	/** A sync event said the network is back: tried until a replay fails on the network. */
	#toldOnline = false;
	/** How many replays of the batch first in line (`key`) failed, for the backoff. */
	#failures: { key: string | undefined; count: number } = { key: undefined, count: 0 };

	constructor(private readonly deps: ReplayerDeps) {}

	/** Whether a flush is running. */
	get busy(): boolean {
		return this.#running !== null;
	}

	/** When the next replay may go, if the server or the backoff asked to wait. */
	get notBefore(): number {
		return Math.max(this.#backoffUntil, this.#serverUntil);
	}

	/**
	 * Replays what is queued. While a flush runs, a call joins it, and it goes through the
	 * queue again before it ends, for what was queued meanwhile. `online`: the browser says
	 * the network is back (a Background Sync event), whatever `navigator.onLine` says yet.
	 */
	flush(online?: 'online'): Promise<FlushResult> {
		if (online) this.#toldOnline = true;
		if (this.#running) {
			this.#again = true;
			return this.#running;
		}
		const run = async (): Promise<FlushResult> => {
			try {
				for (;;) {
					this.#again = false;
					const result = await this.#drain();
					if (!this.#again || result !== 'empty') return result;
				}
			} finally {
				this.#running = null;
			}
		};
		this.#running = run();
		return this.#running;
	}

	/** Settles once no flush runs. */
	async idle(): Promise<void> {
		while (this.#running) await this.#running.catch(() => undefined);
	}

	/**
	 * The network is back, a page came into view or signed in, or the browser fired a sync
	 * event: the backoff is over, though a `Retry-After` the server sent still holds.
	 */
	retryNow(): void {
		this.#backoffUntil = 0;
	}

	/**
	 * Queues a push that did not get through, unless its batch (the `batchId` its body names)
	 * is queued already: a batch the page sends again while it waits is kept once. `delayMs`:
	 * how long the answer that made the page queue it asks to wait (`serverAsked`: its
	 * `Retry-After`).
	 */
	async keep(
		request: Request,
		wait: { delayMs: number; serverAsked: boolean } = { delayMs: 0, serverAsked: false }
	): Promise<void> {
		this.#waitFor(wait.delayMs, wait.serverAsked);
		const batchId = batchIdOf(await request.clone().text());
		if (batchId !== undefined) {
			const queued = await this.deps.queue.getAll();
			if (queued.some((entry) => entry.metadata?.batchId === batchId)) return;
		}
		await this.deps.queue.pushRequest({
			request,
			metadata: batchId === undefined ? {} : { batchId }
		});
	}

	#waitFor(delayMs: number, serverAsked: boolean): void {
		if (delayMs <= 0) return;
		const until = this.deps.now() + delayMs;
		if (serverAsked) this.#serverUntil = Math.max(this.#serverUntil, until);
		else this.#backoffUntil = Math.max(this.#backoffUntil, until);
	}

	async #drain(): Promise<FlushResult> {
		const { deps } = this;
		for (;;) {
			if (!this.#toldOnline && !deps.isOnline()) return 'offline';
			const wait = this.notBefore - deps.now();
			if (wait > 0) {
				if (wait > deps.maxWaitMs) return 'later';
				await deps.sleep(wait);
				continue;
			}
			const [first] = await deps.queue.getAll();
			if (!first) return 'empty';
			const key = first.metadata?.batchId ?? `at ${first.timestamp ?? 0}`;
			if (this.#failures.key !== key) this.#failures = { key, count: 0 };
			const answer = await deps.send(first.request.clone());
			if (answer.status === 0) this.#toldOnline = false;
			const step = replayStep(answer, this.#failures.count, deps.now(), deps.random);
			if (step.next === 'wait-sign-in') return 'signed-out';
			if (step.next === 'retry') {
				// It stays where it is, first in line.
				this.#failures.count += 1;
				this.#waitFor(step.delayMs, step.serverAsked);
				continue;
			}
			// Taken off the front: the entry read above, since only this flush removes entries.
			await deps.queue.shiftRequest();
			this.#backoffUntil = 0;
			this.#serverUntil = 0;
			const batchId = first.metadata?.batchId;
			if (batchId !== undefined) {
				await deps.notify({
					type: 'outpost:push-replayed',
					batchId,
					outcome: step.next === 'delivered' ? 'delivered' : 'refused',
					status: answer.status
				});
			}
		}
	}
}
