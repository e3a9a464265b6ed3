import type { MessageData } from '$lib/protocol/record';
import type { StoredRecord } from './stored-record';

/** How one push changes the stats of one session, worked out from the changed rows only. */
export interface SessionStatsDelta {
	sessionId: string;
	messages: number;
	tokens: number;
	/** The newest message the push stored in the session, if any (the database makes its preview). */
	latest: { id: string; at: string } | null;
	/** Messages that were live in the session and no longer are (deleted, moved, re-dated). */
	removedIds: string[];
}

const tokensOf = (data: MessageData) => data.inputTokens + data.outputTokens;

/**
 * The stats deltas of a push: for each message it writes, the old live state (if any) is
 * taken out of its session and the new live state (if any) added to its session.
 */
export function sessionStatsDeltas(
	writes: readonly StoredRecord[],
	before: ReadonlyMap<string, StoredRecord>,
	deletedSessions: ReadonlySet<string>
): SessionStatsDelta[] {
	const deltas = new Map<string, SessionStatsDelta>();
	const deltaOf = (sessionId: string) => {
		let delta = deltas.get(sessionId);
		if (!delta) {
			delta = { sessionId, messages: 0, tokens: 0, latest: null, removedIds: [] };
			deltas.set(sessionId, delta);
		}
		return delta;
	};
	for (const write of writes) {
		if (write.type !== 'message') continue;
		const old = before.get(`message:${write.id}`);
		const oldData = old && !old.deleted && old.type === 'message' ? old.data : null;
		const newData = !write.deleted && write.type === 'message' ? write.data : null;
		if (oldData) {
			const delta = deltaOf(oldData.sessionId);
			delta.messages -= 1;
			delta.tokens -= tokensOf(oldData);
			const stays =
				newData?.sessionId === oldData.sessionId && newData.createdAt === oldData.createdAt;
			if (!stays) delta.removedIds.push(write.id);
		}
		if (newData) {
			const delta = deltaOf(newData.sessionId);
			delta.messages += 1;
			delta.tokens += tokensOf(newData);
			const candidate = { id: write.id, at: newData.createdAt };
			const latest = delta.latest;
			if (
				!latest ||
				candidate.at > latest.at ||
				(candidate.at === latest.at && candidate.id > latest.id)
			) {
				delta.latest = candidate;
			}
		}
	}
	return [...deltas.values()].filter(
		(d) =>
			!deletedSessions.has(d.sessionId) &&
			(d.messages !== 0 || d.tokens !== 0 || d.latest !== null || d.removedIds.length > 0)
	);
}
