import { titleFromMessage, UNTITLED } from '$lib/chat/chat-titles';
import type { LocalRecord } from '$lib/sync/local-record';
import { compareStrings, type Journal } from './journal';
import type { SessionView } from './sync-worker-api';

type LiveSession = Extract<LocalRecord, { type: 'session'; deleted: false }>;

const isLiveSession = (entry: LocalRecord): entry is LiveSession =>
	entry.type === 'session' && !entry.deleted;

/**
 * When a chat last saw activity: its newest message written or changed; for a chat without
 * messages, its last change (made, renamed, opened again by New chat).
 */
function lastActivity(session: LiveSession, newest: LocalRecord | undefined): string {
	const { createdAt, updatedAt } = session.data;
	if (!newest || newest.type !== 'message' || newest.deleted) {
		return compareStrings(createdAt, updatedAt) < 0 ? updatedAt : createdAt;
	}
	const times = [createdAt, newest.data.createdAt, newest.data.updatedAt];
	return times.reduce((a, b) => (compareStrings(a, b) < 0 ? b : a));
}

/**
 * The chat list: each live session with its last activity, whether it holds any message, and
 * its title (an untitled chat with messages, such as one whose first message came from a device
 * that did not title it, is titled from its first message), most recent activity first.
 */
export function sessionViews(
	sessions: readonly LocalRecord[],
	newest: ReadonlyMap<string, LocalRecord | undefined>,
	oldest: ReadonlyMap<string, LocalRecord | undefined>
): SessionView[] {
	return sessions
		.filter(isLiveSession)
		.map((session): SessionView => {
			const first = oldest.get(session.id);
			const title =
				session.data.title === UNTITLED && first?.type === 'message' && !first.deleted
					? titleFromMessage(first.data.content)
					: session.data.title;
			const last = newest.get(session.id);
			return {
				id: session.id,
				...session.data,
				title,
				lastActivityAt: lastActivity(session, last),
				empty: last === undefined,
				synced: session.acked === session.hash
			};
		})
		.sort(
			(a, b) => compareStrings(b.lastActivityAt, a.lastActivityAt) || compareStrings(a.id, b.id)
		);
}

/** Reads the chat list from the journal: the sessions, and one or two messages of each. */
export async function readSessionViews(journal: Journal): Promise<SessionView[]> {
	const sessions = (await journal.listByType('session')).filter(isLiveSession);
	const ids = sessions.map((s) => s.id);
	const newestList = await journal.endMessages(ids, 'newest');
	const newest = new Map(ids.map((id, i) => [id, newestList[i]]));
	const untitled = sessions
		.filter((s) => s.data.title === UNTITLED && newest.get(s.id) !== undefined)
		.map((s) => s.id);
	const oldestList = await journal.endMessages(untitled, 'oldest');
	const oldest = new Map(untitled.map((id, i) => [id, oldestList[i]]));
	return sessionViews(sessions, newest, oldest);
}
