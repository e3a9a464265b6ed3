import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pullAll, push, signUp } from '../support/api-client';
import { batch, message, session } from '../support/records';
import { startServer, type ServerProcess } from '../support/server-process';
import { createSupabaseDatabase, supabaseDbPush } from '../support/supabase-project';

// As a Supabase user deploys: `supabase db push` migrates the project's database, then the
// built server (`node build`) starts on it with DATABASE_URL and serves the sync API.
describe('the server on a Supabase database the CLI migrated', () => {
	let server: ServerProcess;
	beforeAll(async () => {
		const url = await createSupabaseDatabase(inject('postgresUrl'));
		const run = await supabaseDbPush(url);
		if (run.code !== 0) throw new Error(`supabase db push failed:\n${run.output}`);
		server = await startServer({ databaseUrl: url, launcher: 'node-build' });
	});
	afterAll(() => server?.stop());

	it('starts, and answers a push and a pull', async () => {
		const account = await signUp(server.url);
		const records = [await session('s-cli'), await message('m-cli', 's-cli')];
		const response = await push(server.url, account, batch(records));
		expect(response.status, await response.clone().text()).toBe(200);
		const pulled = await pullAll(server.url, account);
		expect(pulled.map((record) => `${record.type}:${record.id}`).sort()).toEqual([
			'message:m-cli',
			'session:s-cli'
		]);
	});
});
