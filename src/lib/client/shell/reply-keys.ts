import type { ReplyState } from '$lib/client/reply-states';

/**
 * The question whose reply Esc stops: the newest reply being written in the open chat, or null
 * when none is.
 */
export function replyToStop(states: ReadonlyMap<string, ReplyState>): string | null {
	let question: string | null = null;
	for (const state of states.values()) if (state.kind === 'writing') question = state.questionId;
	return question;
}
