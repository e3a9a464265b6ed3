import type { Queryable } from '../db/database';
import type { ModelProvider } from '../chat/model-provider';
import { claimReply, JOBS_CHANNEL } from './reply-store';
import { writeJobReply, type WriteSettings } from './write-reply';

/** What a runner needs. */
export interface RunnerOptions {
	db: Queryable;
	provider: ModelProvider;
	settings: WriteSettings;
	/** Replies this instance writes at once. */
	slots: number;
	/** Replies one user may have running at once across every instance (0: no cap). */
	userLimit: number;
	/** How often the runner looks for work besides being woken: leases that ran out, retries due. */
	pollMs: number;
	/** Subscribes to a notification channel; returns how to stop. */
	listen?: (channel: string, onPayload: (payload: string) => void) => Promise<() => Promise<void>>;
}

const jobKey = (userId: string, messageId: string) => `${userId}:${messageId}`;

/** A stop asked on `outpost_jobs`: `{"stop": {"u": user, "m": question}}`. */
function stopOf(payload: string): string | undefined {
	if (!payload.startsWith('{')) return undefined;
	try {
		const parsed = JSON.parse(payload) as { stop?: { u?: unknown; m?: unknown } };
		const { u, m } = parsed.stop ?? {};
		return typeof u === 'string' && typeof m === 'string' ? jobKey(u, m) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Writes the replies the database queues, in this instance, alongside any other instance:
 * claims jobs while it has free slots, when woken on `outpost_jobs` and every `pollMs`.
 */
export class ReplyRunner {
	readonly #options: RunnerOptions;
	readonly #running = new Map<string, { interrupt: AbortController; done: Promise<void> }>();
	#timer: ReturnType<typeof setInterval> | undefined;
	#unlisten: (() => Promise<void>) | undefined;
	#filling: Promise<void> | undefined;
	#refill = false;
	#closed = false;

	constructor(options: RunnerOptions) {
		this.#options = options;
	}

	/** Starts looking for work. */
	async start(): Promise<void> {
		this.#timer = setInterval(() => this.wake(), this.#options.pollMs);
		this.#timer.unref();
		this.#unlisten = await this.#options.listen?.(JOBS_CHANNEL, (payload) => {
			const stop = stopOf(payload);
			if (stop) this.#running.get(stop)?.interrupt.abort('stop');
			this.wake();
		});
		this.wake();
	}

	/** Replies being written by this instance now. */
	get running(): number {
		return this.#running.size;
	}

	/** Looks for work now. */
	wake(): void {
		if (this.#closed) return;
		if (this.#filling) {
			this.#refill = true;
			return;
		}
		this.#filling = this.#fill()
			.catch((error: unknown) => console.error('claiming replies failed', error))
			.finally(() => {
				this.#filling = undefined;
				if (this.#refill) {
					this.#refill = false;
					this.wake();
				}
			});
	}

	async #fill(): Promise<void> {
		const { db, provider, settings, slots, userLimit } = this.#options;
		while (!this.#closed && this.#running.size < slots) {
			const job = await claimReply(db, settings.leaseMs, userLimit);
			if (!job) return;
			const key = jobKey(job.userId, job.messageId);
			const interrupt = new AbortController();
			const done = writeJobReply(db, provider, job, settings, interrupt)
				.catch((error: unknown) => console.error('writing a reply failed', error))
				.finally(() => {
					this.#running.delete(key);
					// A slot is free, and the next question of the session may now go.
					this.wake();
				});
			this.#running.set(key, { interrupt, done });
		}
	}

	/**
	 * Stops claiming and leaves the replies being written: their leases run out and another
	 * instance takes them over (or this one after a restart).
	 */
	async close(): Promise<void> {
		this.#closed = true;
		clearInterval(this.#timer);
		await this.#unlisten?.().catch(() => undefined);
		const running = [...this.#running.values()];
		for (const { interrupt } of running) interrupt.abort('shutdown');
		await this.#filling;
		await Promise.all(running.map((r) => r.done));
	}
}
