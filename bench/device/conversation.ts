import type { SessionData } from '../../src/lib/protocol/record';
import type { RecordChange } from '../../src/lib/worker/sync-worker-api';
import { historyMessage } from '../history';

/** The id of the benchmark's one long conversation. */
export const CONVERSATION_ID = 'bench-conversation';

/**
 * The session and the `size` messages of the benchmark's conversation, oldest first: the same
 * records wherever they are built (seeded over HTTP, or posted to the worker by a page).
 */
export function conversation(size: number, session: SessionData): RecordChange[] {
	const changes: RecordChange[] = [{ type: 'session', id: CONVERSATION_ID, data: session }];
	for (let i = 0; i < size; i++) {
		const { id, sessionId: _sessionId, ...data } = historyMessage(i);
		changes.push({
			type: 'message',
			id,
			data: { ...data, sessionId: CONVERSATION_ID, status: 'complete' }
		});
	}
	return changes;
}
