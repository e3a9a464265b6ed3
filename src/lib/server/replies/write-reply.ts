import type { Queryable } from '../db/database';
import type { ModelProvider } from '../chat/model-provider';
import { clip, MAX_REPLY_LENGTH, replyPayload, type ReplyJob, type ReplyState } from './reply-job';
import { notify } from '../db/notify';
import { REPLY_TEXT_CHANNEL, replyTextPayload } from '../events/notifications';
import { PieceBuffer } from './reply-pieces';
import {
	loadContext,
	releaseReply,
	renewReply,
	writeReply,
	type WriteOutcome
} from './reply-store';
import { retryDelay, whyFailed } from './reply-failure';

/** How a runner writes replies. */
export interface WriteSettings {
	/** How long a claim holds without renewal. */
	leaseMs: number;
	/** Claims of one question before it is given up as failed. */
	maxAttempts: number;
	/** How often the text so far is stored, so that a reload or another device sees it. */
	saveEveryMs: number;
	/** How often new text is announced to the open pages. */
	announceEveryMs: number;
	/** Messages of the conversation a reply sees. */
	contextMessages: number;
}

export const DEFAULT_WRITE_SETTINGS: WriteSettings = {
	leaseMs: 30_000,
	maxAttempts: 3,
	saveEveryMs: 1_000,
	announceEveryMs: 50,
	contextMessages: 200
};

/** Why a reply's writing was cut short from outside. */
export type Interruption = 'stop' | 'lost' | 'shutdown';

/**
 * Writes the reply of one claimed job: streams the model, announces the text as it comes on
 * `outpost_reply_text`, stores it every `saveEveryMs` and at the end, renews the lease, and
 * stops when asked (`interrupt`, a stop request found on renewal or write, or a lost claim).
 */
export async function writeJobReply(
	db: Queryable,
	provider: ModelProvider,
	job: ReplyJob,
	settings: WriteSettings,
	interrupt: AbortController
): Promise<void> {
	const started = Date.now();
	const model = job.model ?? provider.defaultModel;
	const buffer = new PieceBuffer();
	let usage = { inputTokens: 0, outputTokens: 0 };
	const state = (status: ReplyState['status'], error?: string): ReplyState => ({
		content: clip(buffer.text, MAX_REPLY_LENGTH),
		model,
		status,
		...usage,
		elapsedMs: Date.now() - started,
		...(error !== undefined ? { error } : {})
	});
	// Writes go one after another, so that an older state never lands after a newer one.
	let writes: Promise<WriteOutcome> = Promise.resolve({ ok: true, stop: false });
	const write = (next: ReplyState, retryInMs?: number) => {
		const payload = replyPayload(job, next, new Date(), {
			leaseMs: settings.leaseMs,
			...(retryInMs !== undefined ? { retryInMs } : {})
		});
		writes = writes.then(async (before) => {
			if (!before.ok) return before;
			const outcome = await writeReply(db, job, payload);
			if (!outcome.ok) interrupt.abort('lost');
			else if (outcome.stop) interrupt.abort('stop');
			return outcome;
		});
		return writes;
	};

	if (job.stopRequested) {
		await write(state('stopped'));
		return;
	}
	if (job.attempts > settings.maxAttempts) {
		await write(state('failed', `No reply after ${settings.maxAttempts} attempts.`));
		return;
	}
	const first = await write(state('streaming'));
	if (!first.ok) return;

	let saved = 0;
	const announce = () => {
		for (const piece of buffer.take()) {
			const payload = replyTextPayload(job.userId, {
				id: job.replyId,
				sessionId: job.sessionId,
				...piece
			});
			notify(db, REPLY_TEXT_CHANNEL, payload).catch((error: unknown) =>
				console.error('announcing reply text failed', error)
			);
		}
		if (Date.now() - saved >= settings.saveEveryMs && buffer.text !== '') {
			saved = Date.now();
			void write(state('streaming'));
		}
	};
	const announcer = setInterval(announce, settings.announceEveryMs);
	const renewer = setInterval(
		() => {
			renewReply(db, job, settings.leaseMs)
				.then((held) => {
					if (held !== 'held') interrupt.abort(held);
				})
				.catch((error: unknown) => console.error('renewing a reply lease failed', error));
		},
		Math.max(100, Math.floor(settings.leaseMs / 3))
	);
	saved = Date.now();
	try {
		const messages = await loadContext(db, job, settings.contextMessages);
		for await (const event of provider.stream({ messages, model, signal: interrupt.signal })) {
			if (event.type === 'text') buffer.add(event.text);
			else usage = { inputTokens: event.inputTokens, outputTokens: event.outputTokens };
			if (buffer.text.length > MAX_REPLY_LENGTH * 2) break;
		}
		if (interrupt.signal.aborted) throw interrupt.signal.reason;
		announce();
		await write(state('complete'));
	} catch (error) {
		announce();
		const reason: unknown = interrupt.signal.aborted ? interrupt.signal.reason : undefined;
		if (reason === 'stop') await write(state('stopped'));
		else if (reason === 'shutdown') await writes.then(() => releaseReply(db, job));
		else if (reason === 'lost') return;
		else {
			const failure = whyFailed(error);
			const retryInMs =
				failure.retryable && job.attempts < settings.maxAttempts
					? retryDelay(job.attempts, failure.retryAfterMs)
					: undefined;
			const message =
				retryInMs === undefined
					? failure.message
					: `${failure.message} Trying again in ${Math.ceil(retryInMs / 1000)} s.`;
			await write(state('failed', message), retryInMs);
		}
	} finally {
		clearInterval(announcer);
		clearInterval(renewer);
		await writes.catch((error: unknown) => console.error('writing a reply failed', error));
	}
}
