import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectProblem, getAs, postJson, pullAll, push } from '../support/api-client';
import { batch, message, session } from '../support/records';
import { createDatabase, startServer, type ServerProcess } from '../support/server-process';
import {
	startFakeSupabaseAuth,
	supabaseEnv,
	type FakeSupabaseAuth
} from '../support/supabase/fake-auth';
import type { Signing } from '../support/supabase/fake-auth-tokens';
import {
	authCall,
	sessionCookieHeader,
	supabaseSignUp
} from '../support/supabase/supabase-account';

/** `GET /api/auth/me` with these headers: the status and the user it names. */
async function me(server: ServerProcess, headers: Record<string, string>) {
	const response = await fetch(`${server.url}/api/auth/me`, { headers });
	const body = (await response.json()) as { user?: { id: string; email: string } };
	return { status: response.status, user: body.user };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each<[string, Signing['kind']]>([
	['signed with the JWT secret', 'secret'],
	['signed by a published key (JWKS)', 'jwks']
])('Supabase mode, access tokens %s', (_name, kind) => {
	let auth: FakeSupabaseAuth;
	let server: ServerProcess;

	beforeAll(async () => {
		auth = await startFakeSupabaseAuth({
			signing:
				kind === 'secret' ? { kind, secret: 'a-test-jwt-secret-of-32-characters!' } : { kind }
		});
		const databaseUrl = await createDatabase(inject('postgresUrl'));
		server = await startServer({ databaseUrl, launcher: 'node-build', env: supabaseEnv(auth) });
	}, 120_000);
	afterAll(async () => {
		await server?.stop();
		await auth?.close();
	});

	it('tells the page to sign in through the project, and refuses its own sign-up and sign-in', async () => {
		const config = await (await fetch(`${server.url}/api/auth/config`)).json();
		expect(config).toEqual({ mode: 'supabase', url: auth.url, anonKey: auth.anonKey });
		for (const path of ['/api/auth/signup', '/api/auth/login']) {
			const response = await postJson(server.url, path, {
				email: 'a@example.com',
				password: 'x'.repeat(12)
			});
			const problem = await expectProblem(response, 404);
			expect(problem.code).toBe('supabase_auth');
		}
	});

	it("knows the user of a Supabase access token, from the header or the Supabase client's cookie", async () => {
		const account = await supabaseSignUp(auth);
		expect(await me(server, bearer(account.token))).toEqual({ status: 200, user: account.user });
		expect(await me(server, { cookie: account.cookie })).toEqual({
			status: 200,
			user: account.user
		});
		// A session too large for one cookie is split into chunks (name.0, name.1…).
		const chunked = sessionCookieHeader(auth, account.session, 400);
		expect(chunked).toMatch(/\.1=/);
		expect(await me(server, { cookie: chunked })).toEqual({ status: 200, user: account.user });
	});

	it('refuses a token that is forged, expired, for another audience or role, or from another issuer', async () => {
		const account = await supabaseSignUp(auth);
		const now = Math.floor(Date.now() / 1000);
		const claims = {
			iss: `${auth.url}/auth/v1`,
			sub: account.user.id,
			aud: 'authenticated',
			role: 'authenticated',
			email: account.email,
			session_id: crypto.randomUUID()
		};
		const bad = [
			await auth.signToken(claims, now - 10),
			await auth.signToken({ ...claims, aud: 'anon' }, now + 600),
			await auth.signToken({ ...claims, role: 'anon' }, now + 600),
			await auth.signToken({ ...claims, role: 'service_role' }, now + 600),
			await auth.signToken({ ...claims, iss: 'https://other.supabase.co/auth/v1' }, now + 600),
			await auth.signToken({ ...claims, sub: 'not-a-uuid' }, now + 600),
			// The signature of another token.
			`${account.token.split('.').slice(0, 2).join('.')}.${(await auth.signToken(claims, now + 600)).split('.')[2]}x`,
			'not.a.token'
		];
		const good = await auth.signToken(claims, now + 600);
		expect((await me(server, bearer(good))).status).toBe(200);
		for (const token of bad) expect((await me(server, bearer(token))).status).toBe(401);
		expect((await me(server, { cookie: 'sb-127-auth-token=base64-bm90IGpzb24' })).status).toBe(401);
	});

	it("syncs each user's records under row-level security: one never sees the other's", async () => {
		const alice = await supabaseSignUp(auth);
		const bob = await supabaseSignUp(auth);
		const body = batch([await session('trip'), await message('m1', 'trip', { content: 'Porto' })]);
		const answer = await push(server.url, alice, body);
		expect(answer.status).toBe(200);
		// The same batch again is answered from its record, not applied twice.
		expect(await (await push(server.url, alice, body)).text()).toBe(await answer.text());
		const viaBearer = await fetch(`${server.url}/api/sync/pull`, { headers: bearer(alice.token) });
		expect(viaBearer.status).toBe(200);
		expect((await pullAll(server.url, alice)).map((r) => r.id).sort()).toEqual(['m1', 'trip']);
		expect(await pullAll(server.url, bob)).toEqual([]);
		// Bob writing a record with Alice's id makes his own, and hers stays as it was.
		const bobs = batch([await session('trip', { title: 'Bob trip' })]);
		expect((await push(server.url, bob, bobs)).status).toBe(200);
		const hers = await pullAll(server.url, alice);
		expect(hers.find((r) => r.id === 'trip')).toMatchObject({
			data: { title: expect.not.stringMatching('Bob') }
		});
	});

	it('ends the Supabase session on sign-out: the refresh token is revoked and the cookie cleared', async () => {
		const account = await supabaseSignUp(auth);
		const before = auth.logouts;
		const response = await fetch(`${server.url}/api/auth/logout`, {
			method: 'POST',
			headers: { cookie: account.cookie, origin: server.url }
		});
		expect(response.status).toBe(204);
		expect(auth.logouts).toBe(before + 1);
		const cleared = response.headers.getSetCookie();
		expect(cleared.some((c) => /^sb-127-auth-token=;/.test(c) && /Max-Age=0/i.test(c))).toBe(true);
		const refresh = await authCall(auth, '/token?grant_type=refresh_token', {
			refresh_token: account.session.refresh_token
		});
		expect(refresh.status).toBe(400);
		const again = await getAs(server.url, account, '/api/auth/me');
		// The access token itself lasts until it expires, as Supabase's do.
		expect(again.status).toBe(200);
	});
});
