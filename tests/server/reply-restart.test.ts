import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { pullAll, push, signUp } from '../support/api-client';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider';
import { newPgliteDataDir } from '../support/pglite-template';
import { batch, message, session } from '../support/records';
import {
	createDatabase,
	newSessionSecret,
	startServer,
	type ServerOptions,
	type ServerProcess
} from '../support/server-process';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(['pglite', 'postgres'] as const)('a reply job across a restart on %s', (backend) => {
	let provider: FakeProvider;
	let dataDir: string;
	const servers: ServerProcess[] = [];
	beforeAll(async () => {
		provider = await startFakeProvider();
		dataDir = mkdtempSync(join(tmpdir(), 'outpost-restart-'));
		if (backend === 'pglite') await newPgliteDataDir(dataDir);
	});
	afterAll(async () => {
		await Promise.all(servers.map((s) => s.stop()));
		await provider.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('is written once, by the restarted server, when the server stops while the provider hangs', async () => {
		const options: ServerOptions = {
			dataDir,
			sessionSecret: newSessionSecret(),
			startTimeoutMs: 120_000,
			// A lease far longer than the test: the restarted server takes the job over because the
			// stopped one gave it back, not because its lease ran out.
			env: { LLM_BASE_URL: provider.url, LLM_MODEL: 'fake-small', REPLY_LEASE_MS: '600000' },
			...(backend === 'postgres'
				? { databaseUrl: await createDatabase(inject('postgresUrl')) }
				: {})
		};
		const first = await startServer(options);
		servers.push(first);
		const account = await signUp(first.url);
		provider.behave({ kind: 'hang' });
		const question = await message('q1', 's1', {
			content: 'are you still there?',
			replyRequest: uuidv7()
		});
		const pushed = await push(first.url, account, batch([await session('s1'), question]));
		expect(pushed.status).toBe(200);
		await expect.poll(() => provider.requests.length, { timeout: 10_000 }).toBe(1);

		await first.stop();
		const second = await startServer(options);
		servers.push(second);

		const replies = async () =>
			(await pullAll(second.url, account)).flatMap((r) =>
				r.type === 'message' && r.op === 'upsert' && r.data.role === 'assistant' ? [r.data] : []
			);
		await expect
			.poll(async () => (await replies()).map((r) => r.status), { timeout: 30_000 })
			.toEqual(['complete']);
		// Nothing more comes: one reply, written from one more request to the provider.
		await sleep(1_000);
		const [reply, ...others] = await replies();
		expect(others).toEqual([]);
		expect(reply).toMatchObject({ replyTo: 'q1', content: 'Echo: are you still there?' });
		expect(provider.requests).toHaveLength(2);
	}, 240_000);
});
