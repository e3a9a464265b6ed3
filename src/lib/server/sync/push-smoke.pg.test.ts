import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, freshDatabase, type TestDatabase } from '../../../../tests/support/databases';
import { batch, message, newUserId, session } from '../../../../tests/support/records';
import { applyPush } from './push';

describe.each(BACKENDS)('push on %s', (backend) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(backend);
	});
	afterAll(() => t.close());

	it('stores a session and its message from one batch', async () => {
		const user = newUserId();
		const outcome = await applyPush(
			t.db,
			user,
			batch([await session('s1'), await message('m1', 's1')])
		);
		expect(outcome.ok).toBe(true);
		if (!outcome.ok) return;
		const body = JSON.parse(outcome.body);
		expect(body.results.map((r: { status: string }) => r.status)).toEqual(['inserted', 'inserted']);
		const [stats] = await t.db.query<{ message_count: number; last_message_preview: string }>(
			'select message_count, last_message_preview from chat_sessions where user_id = $1',
			[user]
		);
		expect(stats).toEqual({ message_count: 1, last_message_preview: 'message m1' });
	});
});
