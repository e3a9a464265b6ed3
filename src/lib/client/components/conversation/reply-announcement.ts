import type { MessageView } from '$lib/worker/sync-worker-api';

/**
 * What the live region says about the replies being written in the open conversation, and
 * only about them: that one began, then, once it has ended, its text (or that it stopped or
 * failed). Never the rest of the list.
 */

/** A reply being written, by id (a message id, or the device's reply). */
export interface WritingReply {
	id: string;
	/** Its text so far. */
	text: string;
}

/** How a reply that was being written ended, if the conversation shows it. */
export type EndedReply = Pick<MessageView, 'status' | 'content' | 'error'>;

export const BEGUN = 'Outpost is writing a reply…';

/**
 * The sentence to announce when the replies being written go from `before` to `now`, or null.
 * `ended` tells how a reply no longer written ended; a reply it does not know is not announced
 * (it left the conversation shown). A reply the device wrote ends with the text it last had.
 */
export function replyAnnouncement(
	before: readonly WritingReply[],
	now: readonly WritingReply[],
	ended: (id: string) => EndedReply | undefined
): string | null {
	const nowIds = new Set(now.map((reply) => reply.id));
	const beforeIds = new Set(before.map((reply) => reply.id));
	const sentences: string[] = [];
	for (const reply of before) {
		if (nowIds.has(reply.id)) continue;
		const end = ended(reply.id);
		if (!end) continue;
		sentences.push(endSentence(end, reply.text));
	}
	if (now.some((reply) => !beforeIds.has(reply.id))) sentences.push(BEGUN);
	return sentences.length > 0 ? sentences.join(' ') : null;
}

function endSentence(end: EndedReply, lastText: string): string {
	const text = end.content || lastText;
	switch (end.status) {
		case 'stopped':
			return text ? `Reply stopped: ${text}` : 'Reply stopped.';
		case 'failed':
			return `The reply failed: ${end.error ?? 'it could not be written.'}`;
		default:
			return `Reply: ${text}`;
	}
}
