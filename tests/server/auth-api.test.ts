import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
	expectProblem,
	getAs,
	newEmail,
	postJson,
	sessionCookie,
	signUp,
	type Account
} from '../support/api-client';
import { startServerOn, type ServerProcess } from '../support/server-process';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('the auth endpoints', () => {
	let server: ServerProcess;
	beforeAll(async () => {
		server = await startServerOn('postgres', inject('postgresUrl'));
	});
	afterAll(() => server?.stop());

	const login = (email: string, password: string) =>
		postJson(server.url, '/api/auth/login', { email, password });

	it('signs up with 201, the user, and an HttpOnly SameSite=Lax session cookie', async () => {
		const email = newEmail();
		const response = await postJson(server.url, '/api/auth/signup', {
			email,
			password: 'long enough password'
		});
		expect(response.status).toBe(201);
		const body = (await response.json()) as { user: { id: string; email: string } };
		expect(body.user.email).toBe(email);
		expect(body.user.id).toMatch(UUID);
		const cookie = sessionCookie(response);
		expect(cookie?.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
		const attributes = (cookie?.attributes ?? '').split(';').map((a) => a.trim().toLowerCase());
		expect(attributes).toContain('httponly');
		expect(attributes).toContain('samesite=lax');
		expect(attributes).toContain('path=/');
		// Its readable companion says only that a session may be there.
		const hint = response.headers.getSetCookie().find((c) => c.startsWith('outpost_signed_in='));
		expect(hint?.split(';')[0]).toBe('outpost_signed_in=1');
		expect(hint?.toLowerCase()).not.toContain('httponly');
		expect(attributes).toContain(`max-age=${30 * 24 * 60 * 60}`);
	});

	it('answers a signup for a taken email, in another case, as a sign-in with those credentials', async () => {
		const account = await signUp(server.url);
		const email = ` ${account.email.toUpperCase()} `;
		const other = await postJson(server.url, '/api/auth/signup', {
			email,
			password: 'another long password'
		});
		expect(sessionCookie(other)).toBeUndefined();
		const wrongLogin = await login(account.email, 'another long password');
		expect(await other.text()).toBe(await wrongLogin.text());
		expect(other.status).toBe(401);

		const same = await postJson(server.url, '/api/auth/signup', {
			email,
			password: account.password
		});
		expect(same.status).toBe(200);
		expect(await same.json()).toEqual({ user: account.user });
		expect(sessionCookie(same)?.token).toBeTruthy();
	});

	it.each([
		[
			'an email that is not one',
			{ email: 'not-an-email', password: 'long enough password' },
			'/email'
		],
		[
			'a password under 8 characters',
			{ email: 'short@example.com', password: 'short' },
			'/password'
		],
		['no password', { email: 'none@example.com' }, '/password'],
		['a password of eight spaces', { email: 'sp@example.com', password: '        ' }, '/password'],
		[
			'the email as the password',
			{ email: 'me@example.com', password: 'me@example.com' },
			'/password'
		],
		['a common password', { email: 'common@example.com', password: 'Password123' }, '/password']
	])('answers a signup with %s with 400 and the path', async (_name, body, path) => {
		const problem = await expectProblem(await postJson(server.url, '/api/auth/signup', body), 400);
		expect(problem.errors?.map((e) => e.path)).toContain(path);
		if (path === '/password') expect(problem.detail).toMatch(/^Choose another password: it /);
	});

	it('signs in with 200, the user and a new session cookie', async () => {
		const account = await signUp(server.url);
		const response = await login(account.email, account.password);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ user: account.user });
		const cookie = sessionCookie(response);
		expect(cookie?.token).toBeDefined();
		expect(cookie?.token).not.toBe(account.token);
	});

	it('answers a wrong password and an unknown email with the same 401 body and no cookie', async () => {
		const account = await signUp(server.url);
		const wrongPassword = await login(account.email, 'not the password');
		const unknownEmail = await login(newEmail(), account.password);
		expect(sessionCookie(wrongPassword)).toBeUndefined();
		expect(sessionCookie(unknownEmail)).toBeUndefined();
		const [a, b] = [await wrongPassword.text(), await unknownEmail.text()];
		expect(wrongPassword.status).toBe(401);
		expect(unknownEmail.status).toBe(401);
		expect(a).toBe(b);
		expect(JSON.parse(a)).toMatchObject({ status: 401, code: 'invalid_credentials' });
		expect(wrongPassword.headers.get('content-type')).toMatch(/^application\/problem\+json/);
	});

	it('answers me with 200 and the signed-in user', async () => {
		const account = await signUp(server.url);
		const response = await getAs(server.url, account, '/api/auth/me');
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ user: { id: account.user.id, email: account.email } });
	});

	it('logs out with 204, clears the cookie, and refuses the old cookie afterwards', async () => {
		const account = await signUp(server.url);
		const response = await fetch(`${server.url}/api/auth/logout`, {
			method: 'POST',
			headers: { cookie: account.cookie }
		});
		expect(response.status).toBe(204);
		expect(await response.text()).toBe('');
		const cleared = sessionCookie(response);
		expect(cleared?.token).toBe('');
		expect(cleared?.attributes.toLowerCase()).toMatch(/max-age=0|expires=thu, 01 jan 1970/);
		const hint = response.headers.getSetCookie().find((c) => c.startsWith('outpost_signed_in='));
		expect(hint?.toLowerCase()).toMatch(
			/^outpost_signed_in=;.*(max-age=0|expires=thu, 01 jan 1970)/
		);
		await expectProblem(await getAs(server.url, account, '/api/auth/me'), 401);
		await expectProblem(await getAs(server.url, account, '/api/sync/pull'), 401);
		await expectProblem(
			await fetch(`${server.url}/api/sync/pull`, {
				headers: { authorization: `Bearer ${account.token}` }
			}),
			401
		);
	});

	it('ends only the session that logs out', async () => {
		const account = await signUp(server.url);
		const other = sessionCookie(await login(account.email, account.password));
		const second: Account = { ...account, token: other?.token ?? '', cookie: other?.pair ?? '' };
		await fetch(`${server.url}/api/auth/logout`, {
			method: 'POST',
			headers: { cookie: account.cookie }
		});
		expect((await getAs(server.url, second, '/api/auth/me')).status).toBe(200);
	});

	it('accepts the cookie token as Authorization: Bearer for a pull', async () => {
		const account = await signUp(server.url);
		const response = await fetch(`${server.url}/api/sync/pull`, {
			headers: { authorization: `Bearer ${account.token}` }
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({
			protocol: 2,
			records: [],
			cursor: 'c1.0',
			hasMore: false
		});
	});

	it('takes the user from the session, never from a user id in the request', async () => {
		const owner = await signUp(server.url);
		const intruder = await signUp(server.url);
		const response = await fetch(`${server.url}/api/auth/me?userId=${owner.user.id}`, {
			headers: { cookie: intruder.cookie, 'x-user-id': owner.user.id }
		});
		expect(((await response.json()) as { user: { id: string } }).user.id).toBe(intruder.user.id);
	});
});
