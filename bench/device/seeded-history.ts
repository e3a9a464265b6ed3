import type { RecordChange } from '../../src/lib/worker/sync-worker-api';
import { push, signUp, type Account } from '../../tests/support/api-client';
import { batch, message, session } from '../../tests/support/records';
import { historyMessage } from '../history';
import { conversation, CONVERSATION_ID } from './conversation';

/** The records of a push, as the protocol allows them at most. */
const PUSH_RECORDS = 500;

/** An account whose history is one conversation of `size` messages and a small side chat. */
export interface SeededHistory {
	account: Account;
	size: number;
	/** The conversation's title (the newest in the chat list). */
	title: string;
	/** An older chat of two messages, to switch away to. */
	sideTitle: string;
	/** The text of the side chat's last message. */
	sideText: string;
}

/**
 * Pushes records over HTTP as a client does: hashed as the protocol says, in batches of 500.
 * Throws unless every record is stored.
 */
export async function pushRecords(
	baseUrl: string,
	account: Account,
	changes: readonly RecordChange[]
): Promise<void> {
	for (let i = 0; i < changes.length; i += PUSH_RECORDS) {
		const records = await Promise.all(
			changes
				.slice(i, i + PUSH_RECORDS)
				.map((c) =>
					c.type === 'session' ? session(c.id, c.data) : message(c.id, c.data.sessionId, c.data)
				)
		);
		const response = await push(baseUrl, account, batch(records));
		const text = await response.text();
		if (response.status !== 200) throw new Error(`seed push answered ${response.status}: ${text}`);
		const results = (JSON.parse(text) as { results: { status: string; code?: string }[] }).results;
		const refused = results.find((r) => r.status === 'rejected' || r.status === 'stale');
		if (refused) throw new Error(`seed record ${refused.status}: ${refused.code ?? ''}`);
	}
}

const SIDE_CHAT = 'bench-side-chat';

/**
 * Signs up a new account over HTTP and pushes its history: a side chat, then one conversation
 * of `size` messages, the newest chat.
 */
export async function seedHistory(baseUrl: string, size: number): Promise<SeededHistory> {
	const account = await signUp(baseUrl);
	const title = `History of ${size} messages`;
	const sideTitle = `Side chat of ${size}`;
	const sideText = `The side chat's last word [side ${size}]`;
	const first = historyMessage(0).createdAt;
	const side = { sessionId: SIDE_CHAT, model: null, status: 'complete', inputTokens: 0 } as const;
	const exchange = { outputTokens: 0, elapsedMs: 0, createdAt: first, updatedAt: first };
	await pushRecords(baseUrl, account, [
		{
			type: 'session',
			id: SIDE_CHAT,
			data: { title: sideTitle, createdAt: first, updatedAt: first }
		},
		{
			type: 'message',
			id: 'side-0',
			data: { ...side, ...exchange, role: 'user', content: 'A question' }
		},
		{
			type: 'message',
			id: 'side-1',
			data: { ...side, ...exchange, role: 'assistant', content: sideText }
		},
		...conversation(size, { title, createdAt: first, updatedAt: new Date().toISOString() })
	]);
	return { account, size, title, sideTitle, sideText };
}

/**
 * Pushes a new newest message to the conversation, as another device of the account would,
 * and returns a text only it holds: what the next device looks for.
 */
export async function pushNewestMessage(
	baseUrl: string,
	history: SeededHistory,
	run: number
): Promise<string> {
	const marker = `[newest r${run} n${history.size}]`;
	const at = new Date().toISOString();
	const { id: _id, ...newest } = historyMessage(0);
	const data = { ...newest, sessionId: CONVERSATION_ID, status: 'complete' } as const;
	await pushRecords(baseUrl, history.account, [
		{
			type: 'message',
			id: `newest-${run}`,
			data: { ...data, content: `The newest message ${marker}`, createdAt: at, updatedAt: at }
		}
	]);
	return marker;
}
