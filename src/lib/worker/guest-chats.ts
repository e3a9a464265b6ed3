import type { Journal } from './journal';
import type { RecordChange } from './sync-worker-api';

/** The journal name of chats kept on the device without an account (user ids are uuids). */
export const GUEST_JOURNAL = 'guest';

/**
 * Every live chat of a journal as changes to write into another: sessions first, then their
 * messages. Tombstones stay behind: the account never had those records.
 */
export async function chatsToMove(journal: Journal): Promise<RecordChange[]> {
	const changes: RecordChange[] = [];
	const sessions = await journal.listByType('session');
	for (const session of sessions) {
		if (session.type === 'session' && !session.deleted) {
			changes.push({ type: 'session', id: session.id, data: session.data });
		}
	}
	for (const session of sessions) {
		for (const message of await journal.listBySession(session.id)) {
			if (message.type === 'message' && !message.deleted) {
				changes.push({ type: 'message', id: message.id, data: message.data });
			}
		}
	}
	return changes;
}
