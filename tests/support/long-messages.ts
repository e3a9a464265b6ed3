import { push, type Account } from './api-client';
import { batch, message, session } from './records';

/** The characters of each message `seedLongMessages` stores: the protocol's most. */
export const LONG_MESSAGE_CHARS = 100_000;

/**
 * Pushes a session and `count` messages of 100,000 characters to it, four a batch so that any
 * body limit takes them; throws when the server refuses one.
 */
export async function seedLongMessages(url: string, account: Account, count: number) {
	const content = 'long '.repeat(LONG_MESSAGE_CHARS / 5);
	const first = await push(url, account, batch([await session('long-session')]));
	await first.arrayBuffer();
	if (first.status !== 200) throw new Error(`seeding answered ${first.status}`);
	for (let i = 0; i < count; i += 4) {
		const records = await Promise.all(
			Array.from({ length: Math.min(4, count - i) }, (_, j) =>
				message(`long-${i + j}`, 'long-session', { content })
			)
		);
		const response = await push(url, account, batch(records));
		await response.arrayBuffer();
		if (response.status !== 200) throw new Error(`seeding answered ${response.status}`);
	}
}
