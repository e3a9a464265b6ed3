import { describe, expect, it } from 'vitest';
import type { MessageData, SessionData } from '$lib/protocol/record';
import { hashData } from '$lib/sync/hash';
import { checkRecord } from './check-record';

const AT = '2026-01-05T10:00:00.000Z';
const session: SessionData = { title: 'Trip', createdAt: AT, updatedAt: AT };
const message: MessageData = {
	sessionId: 's1',
	role: 'user',
	content: 'Hello',
	model: null,
	status: 'complete',
	inputTokens: 3,
	outputTokens: 0,
	elapsedMs: 0,
	createdAt: AT,
	updatedAt: AT
};
const WRONG_HASH = `sha256:${'0'.repeat(64)}`;

async function upsert(type: 'session' | 'message', data: object): Promise<Record<string, unknown>> {
	return { type, id: `${type}-1`, op: 'upsert', hash: await hashData(data), data };
}

describe('checkRecord', () => {
	it('accepts a session upsert with the right hash', async () => {
		const raw = await upsert('session', session);
		expect(await checkRecord(raw)).toEqual({ ok: true, record: raw });
	});

	it('accepts a complete message upsert with the right hash', async () => {
		const raw = await upsert('message', message);
		expect(await checkRecord(raw)).toEqual({ ok: true, record: raw });
	});

	it('accepts a hash computed from data in another key order', async () => {
		const reordered = Object.fromEntries(Object.entries(session).reverse());
		const raw = {
			type: 'session',
			id: 's1',
			op: 'upsert',
			hash: await hashData(reordered),
			data: session
		};
		expect((await checkRecord(raw)).ok).toBe(true);
	});

	it('accepts a delete without a hash', async () => {
		const raw = { type: 'message', id: 'm1', op: 'delete' };
		expect(await checkRecord(raw)).toEqual({ ok: true, record: raw });
	});

	it('rejects a delete that carries a hash as invalid', async () => {
		const result = await checkRecord({ type: 'session', id: 's1', op: 'delete', hash: WRONG_HASH });
		expect(result).toMatchObject({ ok: false, code: 'invalid', type: 'session', id: 's1' });
	});

	it.each<[string, Record<string, unknown>, string, string, RegExp]>([
		['an unknown type', { type: 'folder', id: 'f1', op: 'delete' }, 'folder', 'f1', /type/],
		['a missing type', { id: 'f1', op: 'delete' }, '', 'f1', /type/],
		['a type that is not a string', { type: 3, id: 'f1', op: 'delete' }, '', 'f1', /type/],
		['an id with a space', { type: 'session', id: 'a b', op: 'delete' }, 'session', 'a b', /id/],
		[
			'an id of 65 characters',
			{ type: 'session', id: 'x'.repeat(65), op: 'delete' },
			'session',
			'x'.repeat(65),
			/id/
		],
		['an empty id', { type: 'session', id: '', op: 'delete' }, 'session', '', /id/],
		['an id that is a number', { type: 'session', id: 7, op: 'delete' }, 'session', '', /id/],
		['an unknown op', { type: 'session', id: 's1', op: 'patch' }, 'session', 's1', /op/],
		['a missing op', { type: 'session', id: 's1' }, 'session', 's1', /op/]
	])('rejects %s as invalid with a readable message', async (_name, raw, type, id, mentions) => {
		const result = await checkRecord(raw);
		expect(result).toMatchObject({ ok: false, code: 'invalid', type, id });
		if (result.ok) throw new Error('expected a rejection');
		expect(result.message).toMatch(mentions);
	});

	it('rejects data of the wrong shape as invalid, naming the field', async () => {
		const data = { ...session, title: 'a'.repeat(201) };
		const result = await checkRecord({
			type: 'session',
			id: 's1',
			op: 'upsert',
			hash: await hashData(data),
			data
		});
		expect(result).toMatchObject({ ok: false, code: 'invalid', id: 's1' });
		if (result.ok) throw new Error('expected a rejection');
		expect(result.message).toContain('title');
	});

	it('rejects an unknown key in data as invalid', async () => {
		const data = { ...session, pinned: true };
		const result = await checkRecord({
			type: 'session',
			id: 's1',
			op: 'upsert',
			hash: await hashData(data),
			data
		});
		expect(result).toMatchObject({ ok: false, code: 'invalid' });
	});

	it('rejects a malformed hash as invalid', async () => {
		const result = await checkRecord({
			type: 'session',
			id: 's1',
			op: 'upsert',
			hash: 'md5:abc',
			data: session
		});
		expect(result).toMatchObject({ ok: false, code: 'invalid' });
	});

	it('rejects a well-formed but wrong hash as hash_mismatch', async () => {
		const result = await checkRecord({
			type: 'session',
			id: 's1',
			op: 'upsert',
			hash: WRONG_HASH,
			data: session
		});
		expect(result).toMatchObject({ ok: false, code: 'hash_mismatch', type: 'session', id: 's1' });
		if (result.ok) throw new Error('expected a rejection');
		expect(result.message.length).toBeGreaterThan(0);
	});

	it('rejects the hash of other data as hash_mismatch', async () => {
		const raw = { ...(await upsert('session', session)), data: { ...session, title: 'Tripp' } };
		expect(await checkRecord(raw)).toMatchObject({ ok: false, code: 'hash_mismatch' });
	});

	it.each(['pending', 'streaming', 'failed'] as const)(
		'rejects a %s message with the right hash as not_complete',
		async (status) => {
			const result = await checkRecord(await upsert('message', { ...message, status }));
			expect(result).toMatchObject({
				ok: false,
				code: 'not_complete',
				type: 'message',
				id: 'message-1'
			});
			if (result.ok) throw new Error('expected a rejection');
			expect(result.message).toContain(status);
		}
	);

	it('checks the shape before the hash', async () => {
		const data = { ...message, content: 'x\u0000' };
		const result = await checkRecord({
			type: 'message',
			id: 'm1',
			op: 'upsert',
			hash: WRONG_HASH,
			data
		});
		expect(result).toMatchObject({ ok: false, code: 'invalid' });
	});

	it('checks the hash before completeness', async () => {
		const data = { ...message, status: 'streaming' };
		const result = await checkRecord({
			type: 'message',
			id: 'm1',
			op: 'upsert',
			hash: WRONG_HASH,
			data
		});
		expect(result).toMatchObject({ ok: false, code: 'hash_mismatch' });
	});
});

describe('checkRecord and the fields of protocol 2', () => {
	const question: MessageData = {
		sessionId: 's1',
		role: 'user',
		content: 'Hi',
		model: null,
		status: 'complete',
		inputTokens: 1,
		outputTokens: 0,
		elapsedMs: 0,
		createdAt: '2026-01-05T10:00:00.000Z',
		updatedAt: '2026-01-05T10:00:00.000Z'
	};
	const record = async (data: MessageData) => ({
		type: 'message',
		id: 'm1',
		op: 'upsert',
		hash: await hashData(data),
		data
	});

	it('takes a user message that asks for a reply', async () => {
		const result = checkRecord(await record({ ...question, replyRequest: 'req-1' }));
		expect(result.ok).toBe(true);
	});

	it('refuses replyTo, which only the server writes, as server_owned', async () => {
		const data: MessageData = { ...question, role: 'assistant', replyTo: 'm0' };
		expect(checkRecord(await record(data))).toMatchObject({ ok: false, code: 'server_owned' });
	});

	it('refuses a reason on a message that did not fail, and replyRequest off a user message', async () => {
		expect(checkRecord(await record({ ...question, error: 'no' }))).toMatchObject({
			ok: false,
			code: 'invalid'
		});
		const asked: MessageData = { ...question, role: 'assistant', replyRequest: 'req-1' };
		expect(checkRecord(await record(asked))).toMatchObject({ ok: false, code: 'invalid' });
	});

	it('keeps a stopped message on the device like any other that is not complete', async () => {
		expect(checkRecord(await record({ ...question, status: 'stopped' }))).toMatchObject({
			ok: false,
			code: 'not_complete'
		});
	});
});
