import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
	expectProblem,
	getAs,
	postJson,
	pullAll,
	push,
	signUp,
	type Account
} from '../support/api-client';
import { batch, message, session } from '../support/records';
import { newPgliteDataDir } from '../support/pglite-template';
import { userRows } from '../support/sync-calls';
import { createDatabase, startServer, type ServerProcess } from '../support/server-process';
import type { Database } from '../../src/lib/server/db/database';
import { openPgliteDatabase } from '../../src/lib/server/db/pglite-database';
import { openPostgresDatabase } from '../../src/lib/server/db/postgres-database';

/** A push envelope bound to `accountId`. */
async function boundBatch(accountId: string | undefined, tag: string, batchId?: string) {
	const envelope = batch(
		[await session(`s-${tag}`), await message(`m-${tag}`, `s-${tag}`)],
		batchId
	);
	return accountId === undefined ? envelope : { ...envelope, accountId };
}

describe.each(['pglite', 'postgres'] as const)('account binding on a %s server', (backend) => {
	let server: ServerProcess;
	let dataDir: string;
	let databaseUrl: string | undefined;
	/** Accounts that only ever sent refused requests: the database must hold nothing of theirs. */
	const untouched: Account[] = [];
	/** Batch ids only ever sent in refused requests. */
	const refusedBatches: string[] = [];

	beforeAll(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'outpost-binding-'));
		if (backend === 'pglite') await newPgliteDataDir(dataDir);
		databaseUrl = backend === 'postgres' ? await createDatabase(inject('postgresUrl')) : undefined;
		server = await startServer({
			dataDir,
			...(databaseUrl !== undefined ? { databaseUrl } : {})
		});
	});
	afterAll(async () => {
		await server?.stop();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('refuses a push bound to another account with 409 account_mismatch', async () => {
		const owner = await signUp(server.url);
		const signedIn = await signUp(server.url);
		untouched.push(owner, signedIn);
		const body = await boundBatch(owner.user.id, 'refused');
		refusedBatches.push(body.batchId);

		const problem = await expectProblem(await push(server.url, signedIn, body), 409);

		expect(problem.code).toBe('account_mismatch');
		expect(problem.detail).toMatch(/another account than the one signed in/);
		expect(await pullAll(server.url, signedIn)).toEqual([]);
		expect(await pullAll(server.url, owner)).toEqual([]);
	});

	it('refuses a pull bound to another account with 409 and no records', async () => {
		const owner = await signUp(server.url);
		const signedIn = await signUp(server.url);
		const stored = await push(server.url, signedIn, await boundBatch(signedIn.user.id, 'mine'));
		expect(stored.status).toBe(200);

		for (const query of [
			`accountId=${owner.user.id}`,
			`accountId=${owner.user.id}&limit=1000`,
			`accountId=${signedIn.user.id}&accountId=${owner.user.id}`,
			'accountId='
		]) {
			const response = await getAs(server.url, signedIn, `/api/sync/pull?${query}`);
			const text = await response.clone().text();
			expect((await expectProblem(response, 409)).code, query).toBe('account_mismatch');
			expect(text, query).not.toMatch(/records|message m-mine|s-mine/);
		}
	});

	it('applies a push and a pull bound to the signed-in account', async () => {
		const account = await signUp(server.url);
		const response = await push(server.url, account, await boundBatch(account.user.id, 'bound'));
		expect(response.status).toBe(200);
		const body = (await response.json()) as { results: { status: string }[] };
		expect(body.results.map((r) => r.status)).toEqual(['inserted', 'inserted']);

		const pulled = await getAs(server.url, account, `/api/sync/pull?accountId=${account.user.id}`);
		expect(pulled.status).toBe(200);
		const page = (await pulled.json()) as { records: { id: string }[] };
		expect(page.records.map((r) => r.id)).toEqual(['s-bound', 'm-bound']);
	});

	it('applies a push and a pull without accountId to the signed-in account, as before', async () => {
		const account = await signUp(server.url);
		const response = await push(server.url, account, await boundBatch(undefined, 'free'));
		expect(response.status).toBe(200);
		expect((await pullAll(server.url, account)).map((r) => r.id)).toEqual(['s-free', 'm-free']);
	});

	it('replays a bound batch once and counts accountId in its canonical body', async () => {
		const account = await signUp(server.url);
		const bound = await boundBatch(account.user.id, 'replay');
		const first = await push(server.url, account, bound);
		const again = await push(server.url, account, bound);
		expect(again.status).toBe(200);
		expect(await again.text()).toBe(await first.text());

		const unbound = { ...bound, accountId: undefined };
		const conflict = await expectProblem(await push(server.url, account, unbound), 409);
		expect(conflict.code).toBe('batch_conflict');
		expect(await pullAll(server.url, account)).toHaveLength(2);
	});

	it('applies a refused batch, byte for byte, once its own account sends it', async () => {
		const owner = await signUp(server.url);
		const other = await signUp(server.url);
		const text = JSON.stringify(await boundBatch(owner.user.id, 'later'));

		expect((await expectProblem(await push(server.url, other, text), 409)).code).toBe(
			'account_mismatch'
		);
		const applied = await push(server.url, owner, text);
		expect(applied.status).toBe(200);
		expect((await pullAll(server.url, owner)).map((r) => r.id)).toEqual(['s-later', 'm-later']);
		expect(await pullAll(server.url, other)).toEqual([]);
	});

	it('refuses a chat bound to another account with 409 and streams no reply', async () => {
		const owner = await signUp(server.url);
		const signedIn = await signUp(server.url);
		const messages = [{ role: 'user', content: 'Hello from a stale tab' }];
		const cookie = { cookie: signedIn.cookie };

		const refused = await postJson(
			server.url,
			'/api/chat',
			{ accountId: owner.user.id, messages },
			cookie
		);
		expect((await expectProblem(refused, 409)).code).toBe('account_mismatch');

		for (const body of [{ accountId: signedIn.user.id, messages }, { messages }]) {
			const answered = await postJson(server.url, '/api/chat', body, cookie);
			expect(answered.status).toBe(200);
			expect(await answered.text()).toContain('event: done');
		}
	});

	it('keeps nothing in the database of the requests it refused', async () => {
		await server.stop();
		const db: Database =
			databaseUrl !== undefined
				? openPostgresDatabase(databaseUrl, { max: 1 })
				: await openPgliteDatabase(dataDir);
		try {
			expect(untouched).toHaveLength(2);
			for (const account of untouched) expect(await userRows(db, account.user.id)).toEqual({});
			const [row] = await db.query<{ count: number }>(
				'select count(*)::int as count from sync_batches where batch_id = any($1)',
				[refusedBatches]
			);
			expect(row?.count).toBe(0);
		} finally {
			await db.close();
		}
	});
});
