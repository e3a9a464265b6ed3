import type { MessageData, MessageStatus } from '$lib/protocol/record';
import { hashDataSync } from '../sync/server-hash';

/** A reply job as a runner holds it once claimed. */
export interface ReplyJob {
	userId: string;
	/** The user message that asks for the reply. */
	messageId: string;
	sessionId: string;
	/** The question's replyRequest this job answers. */
	request: string;
	/** The model asked for; null for the provider's default. */
	model: string | null;
	/** The question's createdAt (ISO 8601 with milliseconds). */
	questionAt: string;
	/** The assistant message that holds the reply. */
	replyId: string;
	/** Claims so far, this one included. */
	attempts: number;
	/** The lease token every write of this claim shows. */
	token: string;
	/** Stop was asked before this claim. */
	stopRequested: boolean;
}

/** What a reply holds at one step of its writing. */
export interface ReplyState {
	content: string;
	model: string;
	status: Extract<MessageStatus, 'streaming' | 'complete' | 'stopped' | 'failed'>;
	inputTokens: number;
	outputTokens: number;
	elapsedMs: number;
	error?: string;
}

/** Most code points of a reply (the protocol's limit on a message). */
export const MAX_REPLY_LENGTH = 100_000;
/** Most code points of a failed reply's reason. */
export const MAX_ERROR_LENGTH = 500;

/**
 * The record data of a reply: it sorts right after its question (its createdAt is one
 * millisecond later) and names it in replyTo.
 */
export function replyData(job: ReplyJob, state: ReplyState, now: Date): MessageData {
	const createdAt = new Date(Date.parse(job.questionAt) + 1).toISOString();
	const updatedAt = now.toISOString();
	return {
		sessionId: job.sessionId,
		role: 'assistant',
		content: state.content,
		model: state.model,
		status: state.status,
		inputTokens: state.inputTokens,
		outputTokens: state.outputTokens,
		elapsedMs: state.elapsedMs,
		// A reply is never older than its question, even on a device clock ahead of the server.
		createdAt,
		updatedAt: updatedAt < createdAt ? createdAt : updatedAt,
		replyTo: job.messageId,
		...(state.error !== undefined ? { error: clip(state.error, MAX_ERROR_LENGTH) } : {})
	};
}

/** The payload outpost_reply_write takes: the reply's data and hash, and what the job does next. */
export function replyPayload(
	job: ReplyJob,
	state: ReplyState,
	now: Date,
	next: { leaseMs: number; retryInMs?: number }
): string {
	const data = replyData(job, state, now);
	return JSON.stringify({ ...data, hash: hashDataSync(data), ...next });
}

/** The first `max` code points of `text`. */
export function clip(text: string, max: number): string {
	if (text.length <= max) return text;
	const points = [...text];
	return points.length <= max ? text : points.slice(0, max).join('');
}
