import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, freshDatabase, type TestDatabase } from '../../../../tests/support/databases';
import { message, newUserId, session } from '../../../../tests/support/records';
import { pull, push } from '../../../../tests/support/sync-calls';

// The database alone maps columns to the protocol's fields: outpost_push_write reads a record's
// fields into its columns, outpost_record_json reads them back. Every field must survive both.

describe.each(BACKENDS)('the record shape on %s', (backend) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await freshDatabase(backend);
	});
	afterAll(() => t.close());

	it('gives back every field of a pushed record as it was pushed', async () => {
		const user = newUserId();
		const records = [
			await session('s', { title: 'Ünïcode 👋 title' }),
			await message('m1', 's', {
				role: 'user',
				content: 'line one\nline "two" 🎉',
				model: 'echo',
				status: 'complete',
				inputTokens: 7,
				outputTokens: 0,
				elapsedMs: 12,
				replyRequest: 'r-1'
			}),
			await message('m2', 's', {
				role: 'assistant',
				content: '',
				model: null,
				status: 'complete',
				inputTokens: 3,
				outputTokens: 2_000_000,
				elapsedMs: 98_765
			})
		];
		await push(t.db, user, records);
		const page = await pull(t.db, user, undefined);
		expect(page.records).toEqual(records.map((record, i) => ({ ...record, version: i + 1 })));
	});

	it('reads the fields only a server reply has, and leaves out those a row does not hold', async () => {
		const row = {
			type: 'message',
			id: 'a1',
			version: 9,
			deleted: false,
			hash: 'sha256:x',
			title: null,
			session_id: 's',
			role: 'assistant',
			content: 'partial',
			model: 'echo',
			status: 'failed',
			input_tokens: 1,
			output_tokens: 2,
			elapsed_ms: 3,
			created_at: '2026-01-01T00:00:00.000Z',
			updated_at: '2026-01-01T00:00:01.000Z',
			reply_request: null,
			reply_to: 'q1',
			error: 'The model is unavailable.'
		};
		const read = async (value: object) => {
			const [result] = await t.db.query<{ record: unknown }>(
				'select outpost_record_json($1::text::jsonb) as record',
				[JSON.stringify(value)]
			);
			return result?.record;
		};
		expect(await read(row)).toEqual({
			type: 'message',
			id: 'a1',
			version: 9,
			op: 'upsert',
			hash: 'sha256:x',
			data: {
				sessionId: 's',
				role: 'assistant',
				content: 'partial',
				model: 'echo',
				status: 'failed',
				inputTokens: 1,
				outputTokens: 2,
				elapsedMs: 3,
				createdAt: '2026-01-01T00:00:00.000Z',
				updatedAt: '2026-01-01T00:00:01.000Z',
				replyTo: 'q1',
				error: 'The model is unavailable.'
			}
		});
		expect(await read({ ...row, deleted: true, hash: null })).toEqual({
			type: 'message',
			id: 'a1',
			version: 9,
			op: 'delete'
		});
	});
});
