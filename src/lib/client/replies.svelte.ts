import type { Remote } from 'comlink';
import { v7 as uuidv7 } from 'uuid';
import type { ReplyEvent } from '$lib/protocol/live-events';
import type { MessageView, SyncWorkerApi } from '$lib/worker/sync-worker-api';
import {
	NOTHING_FOLLOWED,
	withAskedAgain,
	withHeardPiece,
	withShown,
	withStopping,
	type FollowedReplies
} from './followed-replies';
import { stopReply } from './replies-api';
import { askAgain, editQuestion } from './reply-request';
import { RETRY_WRITE, storageErrorWords } from './storage-error';

/** What the page's replies are built from. */
export interface RepliesEnv {
	worker: () => Remote<SyncWorkerApi> | undefined;
	/** Shows a failure to the user. */
	fail: (message: string) => void;
}

/**
 * The replies the server writes for the account, as the page follows them (see
 * followed-replies.ts), and what the user does with them: Retry, Regenerate, Stop.
 */
export class Replies {
	followed = $state.raw<FollowedReplies>(NOTHING_FOLLOWED);

	constructor(private readonly env: RepliesEnv) {}

	/** A piece of a reply being written, from the live events. */
	heard(piece: ReplyEvent): void {
		this.followed = withHeardPiece(this.followed, piece);
	}

	/** The conversation shows these messages. */
	shown(messages: readonly MessageView[]): void {
		this.followed = withShown(this.followed, messages);
	}

	/**
	 * Asks the server for a new reply to question `questionId` (Retry, Regenerate): the
	 * question is saved again with a new `replyRequest`, and sent like any change (queued
	 * offline). `reply` is its reply as shown, if it has one. With `content` (Edit and resend)
	 * the question's text changes to it too.
	 */
	async askAgain(
		sessionId: string,
		questionId: string,
		reply?: MessageView,
		content?: string
	): Promise<void> {
		const worker = this.env.worker();
		if (!worker) return;
		const [question] = await worker.messagesByIds(sessionId, [questionId]);
		if (!question || question.role !== 'user') return;
		if (reply) this.followed = withAskedAgain(this.followed, questionId, reply.updatedAt);
		const request = uuidv7();
		const now = Date.now();
		try {
			await worker.saveMessage(
				questionId,
				content === undefined
					? askAgain(question, request, now)
					: editQuestion(question, content, request, now)
			);
		} catch (error) {
			this.env.fail(storageErrorWords(error, RETRY_WRITE));
		}
	}

	/** Stops the reply to question `questionId` on the server; the stopped reply is pulled. */
	async stop(questionId: string): Promise<void> {
		if (this.followed.stopping.has(questionId)) return;
		this.followed = withStopping(this.followed, questionId, true);
		const result = await stopReply(questionId);
		// The stopped reply (or, when none was being written, the reply as it ended) comes with
		// the next pull: the live events ask for it; this asks too, in case they are late.
		void this.env.worker()?.pullNow();
		if (result.ok) return;
		this.followed = withStopping(this.followed, questionId, false);
		if (!result.notRunning) this.env.fail(result.message);
	}

	/** Forgets everything followed (sign-out). */
	clear(): void {
		this.followed = NOTHING_FOLLOWED;
	}
}
