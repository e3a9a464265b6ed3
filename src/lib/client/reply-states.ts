import type { MessageView } from '$lib/worker/sync-worker-api';

/**
 * What the conversation shows about replies, message by message. With an account the server
 * writes the replies: a user message with a `replyRequest` gets one assistant message with
 * `replyTo` (status `streaming`, then `complete`, `stopped` or `failed`). Without one, the
 * device writes them after the question.
 */
export type ReplyState =
	/** A reply being written: its text grows; Stop. */
	| { kind: 'writing'; questionId: string }
	/** A reply that failed: its reason; Retry. */
	| { kind: 'failed'; questionId: string; error: string }
	/** A reply cut short by Stop: its text so far; Regenerate. */
	| { kind: 'stopped'; questionId: string }
	/** The conversation's last reply, complete: Regenerate. */
	| { kind: 'last'; questionId: string }
	/** A reply whose question asked for a new one that has not begun: it comes (online). */
	| { kind: 'asked-again'; offline: boolean }
	/** A question whose reply has not begun: it comes (once online). */
	| { kind: 'coming'; offline: boolean }
	/** A question left without a reply and without asking for one: Retry. */
	| { kind: 'unanswered'; questionId: string };

/** What the states depend on besides the messages. */
export interface ReplyContext {
	/** The chats belong to an account: the server writes the replies. */
	account: boolean;
	online: boolean;
	/**
	 * Questions asked again from this page (Retry, Regenerate), with the `updatedAt` of their
	 * reply at the time: while the reply is unchanged, the new one has not begun.
	 */
	asked: ReadonlyMap<string, string>;
	/** Without an account: the device is writing a reply now. */
	replying: boolean;
}

const FAILED = 'The reply could not be written.';

/**
 * The reply state of each message of a window (in display order, the newest last) that has
 * one; the others are left out.
 */
export function replyStates(
	messages: readonly MessageView[],
	context: ReplyContext
): Map<string, ReplyState> {
	const states = new Map<string, ReplyState>();
	if (!context.account) {
		const last = messages.at(-1);
		if (last && last.role === 'user' && !context.replying) {
			states.set(last.id, { kind: 'unanswered', questionId: last.id });
		}
		return states;
	}
	const byId = new Map(messages.map((m) => [m.id, m]));
	const answered = new Set(messages.flatMap((m) => (m.replyTo ? [m.replyTo] : [])));
	for (const [index, message] of messages.entries()) {
		const state =
			message.role === 'assistant'
				? replyState(
						message,
						byId.get(message.replyTo ?? ''),
						index === messages.length - 1,
						context
					)
				: message.role === 'user'
					? questionState(message, answered.has(message.id), messages[index + 1], context)
					: undefined;
		if (state) states.set(message.id, state);
	}
	return states;
}

function replyState(
	reply: MessageView,
	question: MessageView | undefined,
	last: boolean,
	context: ReplyContext
): ReplyState | undefined {
	const questionId = reply.replyTo;
	if (questionId === undefined) return undefined;
	if (reply.status !== 'streaming' && question?.replyRequest !== undefined) {
		// The question asks for a new reply that has not begun: not sent yet, or sent from here
		// and the reply not rewritten since.
		const unsent = !question.synced && question.rejected === null;
		if (unsent || context.asked.get(questionId) === reply.updatedAt) {
			return { kind: 'asked-again', offline: !context.online };
		}
	}
	switch (reply.status) {
		case 'streaming':
			return { kind: 'writing', questionId };
		case 'failed':
			return { kind: 'failed', questionId, error: reply.error ?? FAILED };
		case 'stopped':
			return { kind: 'stopped', questionId };
		case 'complete':
			return last ? { kind: 'last', questionId } : undefined;
		default:
			return undefined;
	}
}

function questionState(
	question: MessageView,
	answered: boolean,
	next: MessageView | undefined,
	context: ReplyContext
): ReplyState | undefined {
	if (answered || question.rejected !== null) return undefined;
	if (question.replyRequest !== undefined) {
		return { kind: 'coming', offline: !context.online };
	}
	// A question from before the server wrote replies is answered by the message after it.
	if (next?.role === 'assistant') return undefined;
	return { kind: 'unanswered', questionId: question.id };
}

/** Whether a reply shown is still to come or being written (online or not). */
export function awaitsReply(states: ReadonlyMap<string, ReplyState>): boolean {
	for (const state of states.values()) {
		if (state.kind === 'writing' || state.kind === 'coming' || state.kind === 'asked-again') {
			return true;
		}
	}
	return false;
}
