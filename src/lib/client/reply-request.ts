import { estimateTokens } from '$lib/chat/demo-reply';
import type { MessageData } from '$lib/protocol/record';
import type { MessageView } from '$lib/worker/sync-worker-api';

/**
 * A question asked again (Retry, Regenerate): its data with a new `replyRequest`, changed
 * later than any state of it the server holds, so that last-writer-wins keeps it even when
 * this device's clock is behind the one that wrote it.
 */
export function askAgain(question: MessageView, replyRequest: string, now: number): MessageData {
	const { id: _id, synced: _synced, rejected: _rejected, ...data } = question;
	const after = Date.parse(question.updatedAt) + 1;
	return {
		...data,
		replyRequest,
		updatedAt: new Date(Math.max(now, Number.isFinite(after) ? after : now)).toISOString()
	};
}

/**
 * A question edited and sent again (Edit and resend): as `askAgain`, with `content` in place
 * of its text, so that the server writes its reply again for the new words.
 */
export function editQuestion(
	question: MessageView,
	content: string,
	replyRequest: string,
	now: number
): MessageData {
	return {
		...askAgain(question, replyRequest, now),
		content,
		inputTokens: estimateTokens(content)
	};
}
