import { describe, expect, it, vi } from 'vitest';
import type { PushResult } from '$lib/protocol/push';
import type { SessionData, SessionUpsert, SyncRecord, VersionedRecord } from '$lib/protocol/record';
import { hashData } from '$lib/sync/hash';
import { isPending, localKey, type LocalRecord } from '$lib/sync/local-record';
import type { Journal } from './journal';
import { memoryJournal } from './memory-journal';
import { SyncEngine, type EngineEnv } from './sync-engine';
import type { Transport, TransportResponse } from './transport';

const AT = '2026-01-05T10:00:00.000Z';
const LATER = '2026-01-05T11:00:00.000Z';

type PushAnswer = TransportResponse | ((body: string) => TransportResponse);

/** A transport that answers from a script and records every request. */
class ScriptedTransport implements Transport {
	pushes: string[] = [];
	pulls: [string | undefined, number][] = [];
	/** The account each pull was bound to. */
	pullAccounts: string[] = [];
	pushAnswers: PushAnswer[] = [];
	pullAnswers: TransportResponse[] = [];

	async push(body: string): Promise<TransportResponse> {
		this.pushes.push(body);
		const answer = this.pushAnswers.shift();
		if (!answer) throw new Error(`unexpected push ${body}`);
		return typeof answer === 'function' ? answer(body) : answer;
	}

	async pull(
		cursor: string | undefined,
		limit: number,
		accountId: string
	): Promise<TransportResponse> {
		this.pulls.push([cursor, limit]);
		this.pullAccounts.push(accountId);
		const answer = this.pullAnswers.shift();
		if (!answer) throw new Error('unexpected pull');
		return answer;
	}
}

const ACCOUNT = '0b6f3c9e-4a1d-4c55-9a7e-2f1d0c3b8a11';

interface SentBody {
	protocol: number;
	clientId: string;
	accountId: string;
	batchId: string;
	records: SyncRecord[];
}
const parseBody = (body: string): SentBody => JSON.parse(body) as SentBody;

const answer = (
	status: number,
	body: unknown = null,
	retryAfter: string | null = null
): TransportResponse => ({
	status,
	retryAfter,
	body
});

/** A 200 push answer giving every record of the batch the status and the next versions. */
const accept =
	(status: PushResult['status'] = 'inserted', firstVersion = 1) =>
	(body: string): TransportResponse => {
		const sent = parseBody(body);
		return answer(200, {
			protocol: 1,
			batchId: sent.batchId,
			cursor: 'c1.z',
			results: sent.records.map((record, index) => ({
				id: record.id,
				type: record.type,
				status,
				version: firstVersion + index
			}))
		});
	};

const page = (records: VersionedRecord[], cursor: string, hasMore = false): TransportResponse =>
	answer(200, { protocol: 1, records, cursor, hasMore });

const EMPTY_PAGE = page([], 'c1.0');

/** The problem the server answers a request bound to another account with. */
const MISMATCH = {
	type: 'urn:outpost:problem:account_mismatch',
	title: 'Conflict',
	status: 409,
	code: 'account_mismatch',
	detail: 'This request belongs to another account than the one signed in in this browser.'
};

async function pendingSession(id: string, title = 'Trip', updatedAt = AT): Promise<LocalRecord> {
	const data: SessionData = { title, createdAt: AT, updatedAt };
	return {
		key: localKey('session', id),
		id,
		sessionId: '',
		type: 'session',
		deleted: false,
		hash: await hashData(data),
		data,
		acked: null,
		version: null,
		rejected: null,
		changedAt: 1
	};
}

async function remoteSession(
	id: string,
	title: string,
	version: number
): Promise<SessionUpsert & { version: number }> {
	const data: SessionData = { title, createdAt: AT, updatedAt: AT };
	return { type: 'session', id, op: 'upsert', hash: await hashData(data), data, version };
}

function setup(options: { online?: boolean } = {}) {
	const journal: Journal = memoryJournal();
	const transport = new ScriptedTransport();
	let batches = 0;
	let clock = 1_000;
	const env: EngineEnv = {
		clientId: 'client-1',
		accountId: ACCOUNT,
		newBatchId: () => `batch-${++batches}`,
		now: () => ++clock,
		isOnline: () => options.online ?? true
	};
	const engine = new SyncEngine(journal, transport, env);
	return { journal, transport, engine };
}

describe('SyncEngine', () => {
	it('pushes a pending record, then marks it acknowledged and empties the outbox', async () => {
		const { journal, transport, engine } = setup();
		const record = await pendingSession('s1');
		await journal.put(record);
		transport.pushAnswers.push(accept('inserted', 4));
		transport.pullAnswers.push(EMPTY_PAGE);

		expect(await engine.pass(0)).toEqual({ next: 'idle' });

		expect(transport.pushes).toHaveLength(1);
		const sent = parseBody(transport.pushes[0]!);
		expect(sent).toEqual({
			protocol: 2,
			clientId: 'client-1',
			accountId: ACCOUNT,
			batchId: 'batch-1',
			records: [{ type: 'session', id: 's1', op: 'upsert', hash: record.hash, data: record.data }]
		});
		const stored = await journal.get('session:s1');
		expect(stored?.acked).toBe(record.hash);
		expect(stored?.version).toBe(4);
		expect(stored && isPending(stored)).toBe(false);
		expect(await journal.outbox()).toEqual([]);
	});

	it('pushes nothing when nothing is pending and goes on to pull', async () => {
		const { transport, engine } = setup();
		transport.pullAnswers.push(EMPTY_PAGE);
		expect(await engine.pass(0)).toEqual({ next: 'idle' });
		expect(transport.pushes).toEqual([]);
		expect(transport.pulls).toEqual([[undefined, 500]]);
	});

	it('returns retry on a network failure and keeps the batch in the outbox', async () => {
		const { journal, transport, engine } = setup();
		await journal.put(await pendingSession('s1'));
		transport.pushAnswers.push(answer(0));

		const outcome = await engine.pass(0);

		expect(outcome.next).toBe('retry');
		if (outcome.next !== 'retry') throw new Error('expected a retry');
		expect(outcome.delayMs).toBeGreaterThanOrEqual(0);
		expect(outcome.delayMs).toBeLessThan(1_000);
		const outbox = await journal.outbox();
		expect(outbox).toHaveLength(1);
		expect(outbox[0]).toMatchObject({
			batchId: 'batch-1',
			body: transport.pushes[0],
			failure: null,
			attempts: 1
		});
		expect(transport.pulls).toEqual([]);
		const stored = await journal.get('session:s1');
		expect(stored && isPending(stored)).toBe(true);
	});

	it('keeps the same batch body for a retry', async () => {
		const { journal, transport, engine } = setup();
		await journal.put(await pendingSession('s1'));
		await journal.put(await pendingSession('s2'));
		transport.pushAnswers.push(answer(0), accept());
		transport.pullAnswers.push(EMPTY_PAGE);

		await engine.pass(0);
		expect(await engine.pass(1)).toEqual({ next: 'idle' });

		expect(transport.pushes).toHaveLength(2);
		expect(transport.pushes[1]).toBe(transport.pushes[0]);
		expect(parseBody(transport.pushes[1]!).batchId).toBe('batch-1');
		expect(await journal.outbox()).toEqual([]);
		for (const key of ['session:s1', 'session:s2']) {
			const stored = await journal.get(key);
			expect(stored && isPending(stored), key).toBe(false);
		}
	});

	it('resends the old batch unchanged after the record changed', async () => {
		const { journal, transport, engine } = setup();
		const first = await pendingSession('s1', 'Trip');
		await journal.put(first);
		transport.pushAnswers.push(answer(0));
		await engine.pass(0);

		const edited = await pendingSession('s1', 'Trip to Lisbon', LATER);
		await journal.put({ ...edited, changedAt: 2 });
		transport.pushAnswers.push(accept('inserted', 1), accept('updated', 2));
		transport.pullAnswers.push(EMPTY_PAGE);
		await engine.pass(1);

		expect(transport.pushes[1]).toBe(transport.pushes[0]);
		expect(parseBody(transport.pushes[1]!).records[0]).toMatchObject({ hash: first.hash });
	});

	it('does not end a pass idle while a change made during the retry wait is still unsent', async () => {
		const { journal, transport, engine } = setup();
		await journal.put(await pendingSession('s1', 'Trip'));
		transport.pushAnswers.push(answer(0));
		await engine.pass(0);

		// The edit is made while the first batch waits for its retry; its kick starts the next pass.
		const edited = await pendingSession('s1', 'Trip to Lisbon', LATER);
		await journal.put({ ...edited, changedAt: 2 });
		transport.pushAnswers.push(accept('inserted', 1), accept('updated', 2));
		transport.pullAnswers.push(EMPTY_PAGE);
		const outcome = await engine.pass(1);

		const stored = await journal.get('session:s1');
		if (outcome.next === 'idle') {
			// Nothing else would send the edit: it must have gone in a new batch of this pass.
			expect(transport.pushes).toHaveLength(3);
			const second = parseBody(transport.pushes[2]!);
			expect(second.batchId).not.toBe(parseBody(transport.pushes[0]!).batchId);
			expect(second.records[0]).toMatchObject({ hash: edited.hash });
			expect(stored?.acked).toBe(edited.hash);
		} else {
			expect(outcome.next).toBe('retry');
			expect(stored && isPending(stored)).toBe(true);
		}
	});

	it('retries after the Retry-After the server gives on 503', async () => {
		const { journal, transport, engine } = setup();
		await journal.put(await pendingSession('s1'));
		transport.pushAnswers.push(answer(503, null, '7'));
		expect(await engine.pass(0)).toEqual({ next: 'retry', delayMs: 7_000 });
		expect(await journal.outbox()).toHaveLength(1);
	});

	it('sets a batch refused with 400 aside and marks its records rejected so they are not resent', async () => {
		const { journal, transport, engine } = setup();
		const record = await pendingSession('s1');
		await journal.put(record);
		transport.pushAnswers.push(
			answer(400, {
				type: 'about:blank',
				title: 'Bad Request',
				status: 400,
				detail: 'records/0 is odd'
			})
		);
		transport.pullAnswers.push(EMPTY_PAGE, EMPTY_PAGE);

		expect(await engine.pass(0)).toEqual({ next: 'idle' });

		const outbox = await journal.outbox();
		expect(outbox).toHaveLength(1);
		expect(outbox[0]?.failure).toEqual({ status: 400, detail: 'records/0 is odd' });
		const stored = await journal.get('session:s1');
		expect(stored?.rejected).toMatchObject({ hash: record.hash, code: 'http_400' });
		expect(stored && isPending(stored)).toBe(false);

		expect(await engine.pass(0)).toEqual({ next: 'idle' });
		expect(transport.pushes).toHaveLength(1);
		expect(transport.pulls).toHaveLength(2);
	});

	it('sends a record again once it changes after its batch was refused', async () => {
		const { journal, transport, engine } = setup();
		await journal.put(await pendingSession('s1'));
		transport.pushAnswers.push(answer(409, { detail: 'batch_conflict' }));
		transport.pullAnswers.push(EMPTY_PAGE, EMPTY_PAGE);
		await engine.pass(0);

		const edited = await pendingSession('s1', 'Fixed', LATER);
		const before = await journal.get('session:s1');
		if (!before) throw new Error('record missing');
		await journal.put({ ...edited, rejected: before.rejected });
		transport.pushAnswers.push(accept('updated', 3));
		expect(await engine.pass(0)).toEqual({ next: 'idle' });
		expect(transport.pushes).toHaveLength(2);
		expect(parseBody(transport.pushes[1]!).records[0]).toMatchObject({ hash: edited.hash });
	});

	it('returns signed-out on 401 and keeps the batch for after sign-in', async () => {
		const { journal, transport, engine } = setup();
		await journal.put(await pendingSession('s1'));
		transport.pushAnswers.push(answer(401, { status: 401 }));

		expect(await engine.pass(0)).toEqual({ next: 'signed-out' });

		const outbox = await journal.outbox();
		expect(outbox).toHaveLength(1);
		expect(outbox[0]?.failure).toBeNull();
		expect(transport.pulls).toEqual([]);
		const stored = await journal.get('session:s1');
		expect(stored?.rejected).toBeNull();
		expect(stored && isPending(stored)).toBe(true);
	});

	it('binds every push body and every pull to the journal account', async () => {
		const { journal, transport, engine } = setup();
		await journal.put(await pendingSession('s1'));
		await journal.put({ ...(await pendingSession('s2')), changedAt: 2 });
		transport.pushAnswers.push(accept());
		transport.pullAnswers.push(page([], 'c1.1', true), EMPTY_PAGE);

		expect(await engine.pass(0)).toEqual({ next: 'idle' });

		expect(transport.pushes.map((body) => parseBody(body).accountId)).toEqual([ACCOUNT]);
		expect(transport.pullAccounts).toEqual([ACCOUNT, ACCOUNT]);
	});

	it('stops with other-account on a push answered 409 account_mismatch and keeps the batch as it was', async () => {
		const { journal, transport, engine } = setup();
		await journal.put(await pendingSession('s1'));
		await journal.put({ ...(await pendingSession('s2')), changedAt: 2 });
		transport.pushAnswers.push(answer(409, MISMATCH));

		expect(await engine.pass(0)).toEqual({ next: 'other-account' });

		const outbox = await journal.outbox();
		expect(outbox).toHaveLength(1);
		expect(outbox[0]).toMatchObject({ body: transport.pushes[0], attempts: 0, failure: null });
		expect(transport.pulls).toEqual([]);
		for (const key of ['session:s1', 'session:s2']) {
			const stored = await journal.get(key);
			expect(stored?.rejected, key).toBeNull();
			expect(stored && isPending(stored), key).toBe(true);
		}
	});

	it('sends the kept batch byte for byte once its account is signed in again', async () => {
		const { journal, transport, engine } = setup();
		await journal.put(await pendingSession('s1'));
		transport.pushAnswers.push(answer(409, MISMATCH), accept());
		transport.pullAnswers.push(EMPTY_PAGE);
		await engine.pass(0);

		expect(await engine.pass(0)).toEqual({ next: 'idle' });

		expect(transport.pushes).toHaveLength(2);
		expect(transport.pushes[1]).toBe(transport.pushes[0]);
		expect(await journal.outbox()).toEqual([]);
		const stored = await journal.get('session:s1');
		expect(stored && isPending(stored)).toBe(false);
	});

	it('stops with other-account on a pull answered 409 account_mismatch and keeps the cursor', async () => {
		const { journal, transport, engine } = setup();
		await journal.setMeta('pullCursor', 'c1.4');
		transport.pullAnswers.push(answer(409, MISMATCH));

		expect(await engine.pass(0)).toEqual({ next: 'other-account' });

		expect(await journal.getMeta('pullCursor')).toBe('c1.4');
		expect(transport.pulls).toEqual([['c1.4', 500]]);
	});

	it('keeps a message rejected for an unknown session pending and asks for a retry', async () => {
		const { journal, transport, engine } = setup();
		await journal.put(await pendingSession('s1'));
		transport.pushAnswers.push((body) =>
			answer(200, {
				protocol: 1,
				batchId: parseBody(body).batchId,
				cursor: 'c1.1',
				results: [
					{ id: 's1', type: 'session', status: 'rejected', code: 'unknown_session', message: 'x' }
				]
			})
		);
		transport.pullAnswers.push(EMPTY_PAGE);
		expect(await engine.pass(0)).toEqual({ next: 'retry', delayMs: 1_000 });
		const stored = await journal.get('session:s1');
		expect(stored && isPending(stored)).toBe(true);
	});

	it('pulls pages until hasMore is false and stores the last cursor', async () => {
		const { journal, transport, engine } = setup();
		const one = await remoteSession('s1', 'From the server', 1);
		const two = await remoteSession('s2', 'Another', 2);
		transport.pullAnswers.push(page([one], 'c1.1', true), page([two], 'c1.2', false));

		expect(await engine.pass(0)).toEqual({ next: 'idle' });

		expect(transport.pulls).toEqual([
			[undefined, 500],
			['c1.1', 500]
		]);
		expect(await journal.getMeta('pullCursor')).toBe('c1.2');
		const s1 = await journal.get('session:s1');
		expect(s1).toMatchObject({ hash: one.hash, acked: one.hash, version: 1, deleted: false });
		expect(s1?.data).toEqual(one.data);
		expect(await journal.get('session:s2')).toMatchObject({ hash: two.hash, version: 2 });

		transport.pullAnswers.push(page([], 'c1.2'));
		await engine.pass(0);
		expect(transport.pulls.at(-1)).toEqual(['c1.2', 500]);
	});

	it('fetches each page of a pull only once the page has drawn the one before', async () => {
		const journal: Journal = memoryJournal();
		const transport = new ScriptedTransport();
		const steps: string[] = [];
		let drawn = () => {};
		const engine = new SyncEngine(journal, transport, {
			clientId: 'client-1',
			accountId: ACCOUNT,
			newBatchId: () => 'batch-1',
			now: () => 1_000,
			isOnline: () => true,
			onChange: (records) => steps.push(`told ${records.map((r) => r.id).join(',')}`),
			pageReady: () => {
				steps.push('waits');
				return new Promise((resolve) => (drawn = resolve));
			}
		});
		const one = await remoteSession('s1', 'From the server', 1);
		const two = await remoteSession('s2', 'Another', 2);
		transport.pullAnswers.push(page([one], 'c1.1', true), page([two], 'c1.2', false));

		const pass = engine.pass(0);
		await vi.waitFor(() => expect(steps).toEqual(['waits']));
		expect(transport.pulls).toHaveLength(0);
		drawn();
		await vi.waitFor(() => expect(steps).toEqual(['waits', 'told s1', 'waits']));
		expect(transport.pulls).toHaveLength(1);
		drawn();
		expect(await pass).toEqual({ next: 'idle' });
		expect(steps).toEqual(['waits', 'told s1', 'waits', 'told s2']);
		expect(transport.pulls).toHaveLength(2);
	});

	it('stores a pulled deletion as an acknowledged tombstone', async () => {
		const { journal, transport, engine } = setup();
		const local = await pendingSession('s1');
		await journal.put({ ...local, acked: local.hash, version: 1 });
		transport.pullAnswers.push(
			page([{ type: 'session', id: 's1', op: 'delete', version: 5 }], 'c1.5')
		);
		await engine.pass(0);
		expect(await journal.get('session:s1')).toMatchObject({
			deleted: true,
			acked: 'deleted',
			version: 5
		});
	});

	it('returns retry for a malformed pull answer and keeps the cursor', async () => {
		const { journal, transport, engine } = setup();
		await journal.setMeta('pullCursor', 'c1.3');
		transport.pullAnswers.push(answer(200, { protocol: 1, records: 'nope' }));
		expect(await engine.pass(0)).toEqual({ next: 'retry', delayMs: 5_000 });
		expect(await journal.getMeta('pullCursor')).toBe('c1.3');
	});

	it('forgets a cursor the server refuses with 400', async () => {
		const { journal, transport, engine } = setup();
		await journal.setMeta('pullCursor', 'c1.old');
		transport.pullAnswers.push(answer(400, { status: 400 }), EMPTY_PAGE);
		expect(await engine.pass(0)).toEqual({ next: 'idle' });
		await engine.pass(0);
		expect(transport.pulls).toEqual([
			['c1.old', 500],
			[undefined, 500]
		]);
	});

	it('returns signed-out when the pull gets 401', async () => {
		const { transport, engine } = setup();
		transport.pullAnswers.push(answer(401));
		expect(await engine.pass(0)).toEqual({ next: 'signed-out' });
	});

	it('does not resend a batch that already failed while offline', async () => {
		const { journal, transport, engine } = setup({ online: false });
		await journal.put(await pendingSession('s1'));
		transport.pushAnswers.push(answer(0));
		transport.pullAnswers.push(answer(0));
		expect((await engine.pass(0)).next).toBe('retry');
		expect((await engine.pass(1)).next).toBe('retry');
		expect(transport.pushes).toHaveLength(1);
		expect(await journal.outbox()).toHaveLength(1);
	});
});

/**
 * The journal with a change made on the device (`deviceWrite`) landing just before the engine's
 * first write of entries once `armed` is set: where a read of the entries and their write in
 * two steps would have it fall between them.
 */
function withDeviceWrite(journal: Journal, deviceWrite: () => Promise<void>) {
	const state = { armed: false };
	const before = async () => {
		if (!state.armed) return;
		state.armed = false;
		await deviceWrite();
	};
	const wrapped: Journal = {
		...journal,
		async putMany(entries, meta) {
			await before();
			return journal.putMany(entries, meta);
		},
		async update(keys, change, meta) {
			await before();
			return journal.update(keys, change, meta);
		}
	};
	return { journal: wrapped, state };
}

describe('SyncEngine with a change made on the device while an answer is stored', () => {
	const renamed = () => pendingSession('s1', 'Porto weekend', LATER);

	it('keeps a rename made while its push was answered, and pushes it next', async () => {
		const base = setup();
		const sent = await pendingSession('s1', 'New chat');
		await base.journal.put(sent);
		const rename = await renamed();
		const { journal, state } = withDeviceWrite(base.journal, () => base.journal.put(rename));
		const engine = new SyncEngine(journal, base.transport, {
			clientId: 'client-1',
			accountId: ACCOUNT,
			newBatchId: () => `batch-${base.transport.pushes.length + 1}`,
			now: () => 5_000,
			isOnline: () => true
		});
		base.transport.pushAnswers.push(
			(body) => {
				state.armed = true;
				return accept('inserted', 1)(body);
			},
			accept('updated', 2)
		);
		base.transport.pullAnswers.push(EMPTY_PAGE);

		expect(await engine.pass(0)).toEqual({ next: 'idle' });

		expect(base.transport.pushes).toHaveLength(2);
		expect(parseBody(base.transport.pushes[1]!).records[0]).toMatchObject({
			hash: rename.hash,
			data: { title: 'Porto weekend' }
		});
		expect(await base.journal.get('session:s1')).toMatchObject({
			data: { title: 'Porto weekend' },
			acked: rename.hash,
			version: 2
		});
	});

	it('keeps a rename made while a pull page was stored, and pulls the older server state under it', async () => {
		const base = setup();
		const server = await remoteSession('s1', 'New chat', 1);
		// Acknowledged as the server has it: the pull brings the same state back.
		await base.journal.put({
			...(await pendingSession('s1', 'New chat')),
			acked: server.hash,
			version: 1
		});
		const rename = await renamed();
		const { journal, state } = withDeviceWrite(base.journal, () =>
			base.journal.put({ ...rename, acked: server.hash, version: 1 })
		);
		const engine = new SyncEngine(journal, base.transport, {
			clientId: 'client-1',
			accountId: ACCOUNT,
			newBatchId: () => 'batch-1',
			now: () => 5_000,
			isOnline: () => true
		});
		state.armed = true;
		base.transport.pullAnswers.push(page([server], 'c1.1'));

		await engine.pull(0);

		const stored = await base.journal.get('session:s1');
		expect(stored).toMatchObject({ data: { title: 'Porto weekend' }, acked: server.hash });
		expect(stored && isPending(stored)).toBe(true);
		expect(await base.journal.getMeta('pullCursor')).toBe('c1.1');
	});
});
