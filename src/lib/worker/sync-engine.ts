import { pullResponse } from '$lib/protocol/pull';
import { pushResponse } from '$lib/protocol/push';
import { MAX_BATCH_RECORDS } from '$lib/protocol/push';
import { planBatch } from '$lib/sync/batch';
import { localKey, type LocalRecord } from '$lib/sync/local-record';
import { mergePulled } from '$lib/sync/merge';
import { pullNeeded } from '$lib/sync/live-event';
import { classifyResponse } from '$lib/sync/response-kind';
import { applyResult } from '$lib/sync/results';
import type { PassOutcome } from '$lib/sync/sync-loop';
import type { Journal, OutboxBatch } from './journal';
import type { Transport } from './transport';

const CURSOR_META = 'pullCursor';
const PULL_PAGE = 500;
/** Wait before sending again messages whose session had not reached the server yet. */
const REQUEUE_DELAY_MS = 1_000;

/** What the engine needs besides the journal and the transport. */
export interface EngineEnv {
	clientId: string;
	/** The account the journal belongs to: every push and pull is bound to it. */
	accountId: string;
	newBatchId: () => string;
	now: () => number;
	/** Whether the browser believes it is online. */
	isOnline: () => boolean;
	/** Told of every record the engine wrote to the journal (acknowledged, refused, pulled). */
	onChange?: (records: readonly LocalRecord[]) => void;
	/**
	 * Resolves when the page has drawn what it was told (see page-pace.ts): each page of a pull
	 * is fetched once it has.
	 */
	pageReady?: () => Promise<void>;
}

/**
 * One sync pass: sends the outbox (the oldest batch first, then new batches of the records
 * the server has not acknowledged), then pulls what changed on the server. Every push and
 * pull is bound to the journal's account; when the server says another account is signed in
 * (`409 account_mismatch`) the pass stops with `other-account` and the batch stays as it is.
 *
 * Offline, only batches never sent before are sent: each fails at once, and the service
 * worker keeps it for Background Sync, so that it reaches the server even if the tab closes.
 */
export class SyncEngine {
	constructor(
		private readonly journal: Journal,
		private readonly transport: Transport,
		private readonly env: EngineEnv
	) {}

	/** Runs a whole pass; the loop decides what happens next from its outcome. */
	async pass(attempt: number): Promise<PassOutcome> {
		const pushed = await this.push(attempt);
		if (pushed.next !== 'idle') return pushed;
		return this.pull(attempt);
	}

	/** The next batch to send in this pass: an outbox batch not tried yet, else a new one. */
	async #nextBatch(tried: Set<string>, answered: Set<string>): Promise<OutboxBatch | undefined> {
		const outbox = (await this.journal.outbox()).filter((b) => b.failure === null);
		const online = this.env.isOnline();
		const waiting = outbox.find((b) => !tried.has(b.batchId) && (online || b.attempts === 0));
		if (waiting) return waiting;
		const inFlight = new Set(outbox.flatMap((b) => b.records.map((r) => r.key)));
		// Only the pending entries are read: enough of them to fill a batch past those skipped.
		const limit = MAX_BATCH_RECORDS + inFlight.size + answered.size;
		const candidates = (await this.journal.pending(limit)).filter(
			(r) => !inFlight.has(r.key) && !answered.has(r.key)
		);
		const planned = planBatch(candidates, {
			clientId: this.env.clientId,
			accountId: this.env.accountId,
			batchId: this.env.newBatchId()
		});
		if (!planned) return undefined;
		const batch: OutboxBatch = {
			...planned,
			createdAt: this.env.now(),
			attempts: 0,
			failure: null
		};
		// Stored before it is sent, so that a retry after a crash resends the same bytes.
		await this.journal.putBatch(batch);
		return batch;
	}

	/** Pushes until nothing is left to send, or the server or the network says to stop. */
	async push(attempt: number): Promise<PassOutcome> {
		const tried = new Set<string>();
		const answered = new Set<string>();
		let outcome: PassOutcome = { next: 'idle' };
		for (
			let batch = await this.#nextBatch(tried, answered);
			batch;
			batch = await this.#nextBatch(tried, answered)
		) {
			tried.add(batch.batchId);
			const answer = await this.transport.push(batch.body);
			const kind = classifyResponse(answer, attempt, this.env.now());
			// Both keep the batch as it is, for when the journal's account signs in again.
			if (kind.kind === 'signed-out') return { next: 'signed-out' };
			if (kind.kind === 'other-account') return { next: 'other-account' };
			if (kind.kind === 'retry') {
				await this.journal.putBatch({ ...batch, attempts: batch.attempts + 1 });
				if (outcome.next === 'idle') outcome = { next: 'retry', delayMs: kind.delayMs };
				// A network failure: send the rest too, so the service worker queues every batch.
				if (answer.status === 0) continue;
				return outcome;
			}
			if (kind.kind === 'set-aside') {
				const detail = (answer.body as { detail?: unknown } | null)?.detail;
				await this.journal.putBatch({
					...batch,
					failure: {
						status: answer.status,
						detail: typeof detail === 'string' ? detail : `HTTP ${answer.status}`
					}
				});
				await this.#markRefused(batch, answer.status);
				continue;
			}
			const parsed = pushResponse.safeParse(answer.body);
			if (!parsed.success || parsed.data.results.length !== batch.records.length) {
				return { next: 'retry', delayMs: REQUEUE_DELAY_MS * 5 };
			}
			const { results } = parsed.data;
			for (const [index, sent] of batch.records.entries()) {
				const result = results[index];
				// Sent again in this pass only if it changed since; a message whose session was
				// missing waits for the next pass.
				if (result?.code === 'unknown_session' || result?.status === 'stale')
					answered.add(sent.key);
				if (result?.code === 'unknown_session' && outcome.next === 'idle') {
					outcome = { next: 'retry', delayMs: REQUEUE_DELAY_MS };
				}
			}
			// Read and written in one transaction: a change made on the device meanwhile (in this
			// tab or another) is what the answer is applied to, so it stays pending.
			const updated = await this.journal.update(
				batch.records.map((r) => r.key),
				(stored) =>
					batch.records.flatMap((sent, index) => {
						const record = stored[index];
						const result = results[index];
						return record && result ? [applyResult(record, sent.hash, result)] : [];
					})
			);
			await this.journal.deleteBatch(batch.batchId);
			this.env.onChange?.(updated);
		}
		return outcome;
	}

	async #markRefused(batch: OutboxBatch, status: number): Promise<void> {
		const refused = await this.journal.update(
			batch.records.map((r) => r.key),
			(stored) =>
				batch.records.flatMap((sent, index): LocalRecord[] => {
					const record = stored[index];
					if (!record) return [];
					const rejected = {
						hash: sent.hash,
						code: `http_${status}`,
						message: 'The server refused the batch.'
					};
					return [{ ...record, rejected }];
				})
		);
		this.env.onChange?.(refused);
	}

	/**
	 * Whether the journal has not pulled up to `cursor`, the server's newest change as a live
	 * event told it.
	 */
	async behind(cursor: string | null): Promise<boolean> {
		const stored = (await this.journal.getMeta(CURSOR_META)) || null;
		return pullNeeded(cursor, stored);
	}

	/** Pulls the server's changes since the stored cursor into the journal. */
	async pull(attempt: number): Promise<PassOutcome> {
		for (;;) {
			await this.env.pageReady?.();
			const cursor = (await this.journal.getMeta(CURSOR_META)) || undefined;
			// A journal that never pulled asks for the newest records first: the chat list and
			// the newest messages show before the whole history has arrived.
			const answer = await this.transport.pull(cursor, PULL_PAGE, this.env.accountId, 'recent');
			const kind = classifyResponse(answer, attempt, this.env.now());
			if (kind.kind === 'retry') return { next: 'retry', delayMs: kind.delayMs };
			if (kind.kind === 'signed-out') return { next: 'signed-out' };
			if (kind.kind === 'other-account') return { next: 'other-account' };
			if (kind.kind === 'set-aside') {
				// A cursor the server no longer knows: start again from the live state.
				if (answer.status === 400 && cursor !== undefined)
					await this.journal.setMeta(CURSOR_META, '');
				return { next: 'idle' };
			}
			const parsed = pullResponse.safeParse(answer.body);
			if (!parsed.success) return { next: 'retry', delayMs: REQUEUE_DELAY_MS * 5 };
			const { records } = parsed.data;
			const now = this.env.now();
			// A page and the cursor after it are stored in one transaction, merged with the
			// local states as that transaction reads them.
			const merged = await this.journal.update(
				records.map((r) => localKey(r.type, r.id)),
				(locals) => records.map((remote, index) => mergePulled(locals[index], remote, now)),
				{ name: CURSOR_META, value: parsed.data.cursor }
			);
			this.env.onChange?.(merged);
			if (!parsed.data.hasMore) return { next: 'idle' };
		}
	}
}
