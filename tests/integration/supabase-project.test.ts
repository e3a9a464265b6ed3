import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullAll, push } from '../support/api-client';
import { batch, message, session } from '../support/records';
import { startServer, type ServerProcess } from '../support/server-process';
import { supabaseSignUp } from '../support/supabase/supabase-account';

// Against a real Supabase project, when one is named: SUPABASE_URL, SUPABASE_ANON_KEY (and
// SUPABASE_JWT_SECRET for a project that signs with it), SUPABASE_TEST_DB_URL (the project's
// database, migrated with `supabase db push`), and email confirmation off for sign-ups.
const project = {
	url: process.env.SUPABASE_URL?.trim() ?? '',
	anonKey: process.env.SUPABASE_ANON_KEY?.trim() ?? '',
	jwtSecret: process.env.SUPABASE_JWT_SECRET?.trim() || undefined,
	databaseUrl: process.env.SUPABASE_TEST_DB_URL?.trim() ?? ''
};
const named = Boolean(project.url && project.anonKey && project.databaseUrl);

if (!named) {
	console.warn(
		'SKIPPED: the Supabase project integration suite (tests/integration/). Set SUPABASE_URL, SUPABASE_ANON_KEY and SUPABASE_TEST_DB_URL to run it against a real project.'
	);
}

describe.skipIf(!named)('a real Supabase project', () => {
	let server: ServerProcess;

	beforeAll(async () => {
		server = await startServer({
			launcher: 'node-build',
			databaseUrl: project.databaseUrl,
			env: {
				SUPABASE_URL: project.url,
				SUPABASE_ANON_KEY: project.anonKey,
				...(project.jwtSecret ? { SUPABASE_JWT_SECRET: project.jwtSecret } : {})
			}
		});
	}, 120_000);
	afterAll(() => server?.stop());

	it("signs up at the project's Auth, and syncs under its row-level security", async () => {
		const email = `outpost-it-${Date.now().toString(36)}@example.com`;
		const alice = await supabaseSignUp(project, email, `pw-${crypto.randomUUID()}`);
		const answer = await push(
			server.url,
			alice,
			batch([await session('it-trip'), await message('it-m1', 'it-trip')])
		);
		expect(answer.status, await answer.clone().text()).toBe(200);
		expect((await pullAll(server.url, alice)).map((r) => r.id).sort()).toEqual([
			'it-m1',
			'it-trip'
		]);
		const bob = await supabaseSignUp(project, `b-${email}`, `pw-${crypto.randomUUID()}`);
		expect(await pullAll(server.url, bob)).toEqual([]);
	});
});
