import type { ReplyEvent } from '$lib/protocol/live-events';
import type { MessageView } from '$lib/worker/sync-worker-api';
import { withoutReplies, withPiece, type LiveReplies } from './live-replies';

/**
 * What a page follows of the replies the server writes: their live text, and what the user
 * asked of them from this page. Every function returns a new value (the page's state is
 * replaced, never changed in place), or the same one when nothing changed.
 */
export interface FollowedReplies {
	/** The live text of replies being written, by reply id. */
	live: LiveReplies;
	/**
	 * Questions asked again from here (Retry, Regenerate), with the `updatedAt` of their reply
	 * then: until the reply is written again, the new one has not begun.
	 */
	asked: ReadonlyMap<string, string>;
	/** Questions whose reply the user asked to stop, until it has stopped. */
	stopping: ReadonlySet<string>;
}

export const NOTHING_FOLLOWED: FollowedReplies = {
	live: new Map(),
	asked: new Map(),
	stopping: new Set()
};

/** A piece of a reply being written, from the live events. */
export function withHeardPiece(followed: FollowedReplies, piece: ReplyEvent): FollowedReplies {
	return { ...followed, live: withPiece(followed.live, piece) };
}

/** Question `questionId` was asked again while its reply was the state written at `replyAt`. */
export function withAskedAgain(
	followed: FollowedReplies,
	questionId: string,
	replyAt: string
): FollowedReplies {
	return { ...followed, asked: new Map(followed.asked).set(questionId, replyAt) };
}

/** Stop was asked (`true`) for the reply to `questionId`, or is no longer (`false`). */
export function withStopping(
	followed: FollowedReplies,
	questionId: string,
	stopping: boolean
): FollowedReplies {
	if (followed.stopping.has(questionId) === stopping) return followed;
	const next = new Set(followed.stopping);
	if (stopping) next.add(questionId);
	else next.delete(questionId);
	return { ...followed, stopping: next };
}

/**
 * The conversation shows `messages`: what was followed of the replies among them that are no
 * longer written (their stored text is whole), or were written again since they were asked
 * for again, is let go.
 */
export function withShown(
	followed: FollowedReplies,
	messages: readonly MessageView[]
): FollowedReplies {
	const replies = messages.filter((m) => m.role === 'assistant' && m.replyTo !== undefined);
	const done = replies.filter((m) => m.status !== 'streaming');
	const live = withoutReplies(
		followed.live,
		done.map((m) => m.id)
	);
	const stopped = done.filter((m) => followed.stopping.has(m.replyTo ?? ''));
	const rewritten = replies.filter((m) => {
		const askedAt = followed.asked.get(m.replyTo ?? '');
		return askedAt !== undefined && askedAt !== m.updatedAt;
	});
	if (live === followed.live && stopped.length === 0 && rewritten.length === 0) return followed;
	const stopping = new Set(followed.stopping);
	for (const reply of stopped) stopping.delete(reply.replyTo ?? '');
	const asked = new Map(followed.asked);
	for (const reply of rewritten) asked.delete(reply.replyTo ?? '');
	return { live, asked, stopping };
}
