import type { Database } from '../../src/lib/server/db/database';

/** When a message and the reply to it were first seen stored, in ms since the epoch. */
export interface StoredTimes {
	messageAt: number;
	/** When the reply was stored with status `complete`. */
	replyAt: number;
}

/** How often the database is asked. */
const POLL_MS = 5;
const TIMEOUT_MS = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Node's clock in ms since the epoch, to the microsecond. */
export const epochNow = () => performance.timeOrigin + performance.now();

/**
 * Polls the database every 5 ms until the user message of `userId` whose text is `content` is
 * stored and the reply to it is stored complete. A time is the start of the first query that
 * saw it: at most one poll (a few ms) after the commit. Throws if a question has two replies.
 */
export async function waitForStoredReply(
	db: Database,
	userId: string,
	content: string
): Promise<StoredTimes> {
	const deadline = Date.now() + TIMEOUT_MS;
	let messageId: string | undefined;
	let messageAt: number | undefined;
	for (;;) {
		const at = epochNow();
		if (messageId === undefined) {
			const [row] = await db.query<{ id: string }>(
				`select id from chat_messages where user_id = $1 and role = 'user' and content = $2`,
				[userId, content]
			);
			if (row) {
				messageId = row.id;
				messageAt = at;
			}
		}
		if (messageId !== undefined && messageAt !== undefined) {
			const [row] = await db.query<{ complete: number; replies: number }>(
				`select count(*) filter (where status = 'complete')::int as complete, count(*)::int as replies
				from chat_messages where user_id = $1 and reply_to = $2 and not deleted`,
				[userId, messageId]
			);
			if ((row?.replies ?? 0) > 1) throw new Error(`${row?.replies} replies to one message`);
			if ((row?.complete ?? 0) === 1) return { messageAt, replyAt: at };
		}
		if (Date.now() > deadline) throw new Error(`no complete reply within ${TIMEOUT_MS / 1000} s`);
		await sleep(POLL_MS);
	}
}
