import { describe, expect, it } from 'vitest';
import type { PushRequest } from '$lib/protocol/push';
import type { MessageData, SyncRecord } from '$lib/protocol/record';
import type { CheckedRecord } from './check-record';
import { oneTripPlan } from './one-trip-plan';

const T1 = '2026-01-05T10:00:00.000Z';
const hash = `sha256:${'a'.repeat(64)}`;

const session = (id: string): SyncRecord => ({
	type: 'session',
	id,
	op: 'upsert',
	hash,
	data: { title: 'Chat', createdAt: T1, updatedAt: T1 }
});

const message = (
	id: string,
	sessionId: string,
	role: MessageData['role'] = 'user'
): SyncRecord => ({
	type: 'message',
	id,
	op: 'upsert',
	hash,
	data: {
		sessionId,
		role,
		content: 'Hello',
		model: null,
		status: 'complete',
		inputTokens: 2,
		outputTokens: 3,
		elapsedMs: 0,
		createdAt: T1,
		updatedAt: T1
	}
});

const ok = (record: SyncRecord): CheckedRecord => ({ ok: true, record });

function plan(checked: CheckedRecord[]) {
	const request: PushRequest = {
		protocol: 1,
		clientId: 'c',
		batchId: 'b1',
		records: checked.map((c) => (c.ok ? c.record : { id: c.id })) as PushRequest['records']
	};
	return oneTripPlan(request, 'sha256:body', checked);
}

describe('oneTripPlan', () => {
	it('plans a reply to a stored session, counting versions from 0', () => {
		const planned = plan([ok(message('m1', 's1')), ok(message('m2', 's1', 'assistant'))]);
		expect(planned?.external).toEqual(['s1']);
		expect(planned?.plan.results).toEqual([
			{ id: 'm1', type: 'message', status: 'inserted', version: 1 },
			{ id: 'm2', type: 'message', status: 'inserted', version: 2 }
		]);
		expect(planned?.plan.usage).toEqual([
			{ day: '2026-01-05', messagesSent: 1, messagesReceived: 1, inputTokens: 2, outputTokens: 3 }
		]);
		// Two messages, the session's stats, the day's usage, the sequence and the batch.
		expect(planned?.rowsWritten).toBe(6);
		expect(Object.keys(JSON.parse(planned?.payload ?? '{}'))).toEqual([
			'messages',
			'stats',
			'usage',
			'seq',
			'batch'
		]);
	});

	it('assumes nothing about a session the batch itself creates', () => {
		const planned = plan([ok(session('s2')), ok(message('m1', 's2')), ok(message('m2', 's1'))]);
		expect(planned?.external).toEqual(['s1']);
		const payload = JSON.parse(planned?.payload ?? '{}') as Record<string, { id?: string }[]>;
		expect(payload.sessions?.map((s) => s.id)).toEqual(['s2']);
	});

	it('names each outside session once', () => {
		const planned = plan([ok(message('m1', 's1')), ok(message('m2', 's1'))]);
		expect(planned?.external).toEqual(['s1']);
	});

	it('carries rejected records into the results without writing them', () => {
		const planned = plan([
			{ ok: false, type: 'message', id: 'bad', code: 'invalid', message: 'data: required' },
			ok(message('m1', 's1'))
		]);
		expect(planned?.plan.results[0]).toMatchObject({ id: 'bad', status: 'rejected' });
		expect(planned?.plan.writes.map((w) => w.id)).toEqual(['m1']);
	});

	it('gives no plan for a batch with a delete', () => {
		expect(plan([ok(message('m1', 's1')), ok({ type: 'message', id: 'm0', op: 'delete' })])).toBe(
			undefined
		);
	});
});
