import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectProblem, getAs, pullAll, signUp, type Account } from '../support/api-client';
import { batch, session } from '../support/records';
import { startServerOn, type ServerProcess } from '../support/server-process';

/** What a browser sends with a request from a page of another site. */
const CROSS_SITE = { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' };

describe('cross-site requests', () => {
	let server: ServerProcess;
	let account: Account;
	beforeAll(async () => {
		server = await startServerOn('postgres', inject('postgresUrl'));
		account = await signUp(server.url);
	});
	afterAll(() => server?.stop());

	/** POSTs JSON to `path` as the account, with `headers`. */
	function post(path: string, body: unknown, headers: Record<string, string>) {
		return fetch(`${server.url}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: account.cookie, ...headers },
			body: JSON.stringify(body)
		});
	}

	it('refuses a logout from another site with 403 cross_site, and the session stays valid', async () => {
		// What an auto-submitted form on another site sends: no JSON, but the cookie.
		const response = await fetch(`${server.url}/api/auth/logout`, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				cookie: account.cookie,
				...CROSS_SITE
			},
			body: 'x=1'
		});
		expect((await expectProblem(response, 403)).code).toBe('cross_site');
		expect(response.headers.getSetCookie()).toEqual([]);
		expect((await getAs(server.url, account, '/api/auth/me')).status).toBe(200);
	});

	it.each([
		['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
		['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
		['an Origin of another site', { origin: 'https://evil.example' }],
		['an Origin of another port', { origin: `http://127.0.0.1:1` }],
		['Origin: null', { origin: 'null' }]
	])('refuses a push with %s with 403 and stores nothing', async (_name, headers) => {
		const body = batch([await session(`xs-${Object.values(headers).join('')}`)]);
		const response = await post('/api/sync/push', body, headers);
		expect((await expectProblem(response, 403)).code).toBe('cross_site');
		expect(await pullAll(server.url, account)).toEqual([]);
	});

	it.each([
		['/api/auth/login', { email: 'a@example.com', password: 'whatever long' }],
		['/api/auth/signup', { email: 'b@example.com', password: 'whatever long' }],
		['/api/chat', { messages: [{ role: 'user', content: 'hi' }] }]
	])('refuses a POST to %s from another site with 403', async (path, body) => {
		const response = await post(path, body, CROSS_SITE);
		expect((await expectProblem(response, 403)).code).toBe('cross_site');
	});

	it.each(['PUT', 'DELETE', 'PATCH'])('refuses %s from another site with 403', async (method) => {
		const response = await fetch(`${server.url}/api/sync/push`, {
			method,
			headers: { cookie: account.cookie, ...CROSS_SITE }
		});
		expect((await expectProblem(response, 403)).code).toBe('cross_site');
	});

	it.each([
		['from the page itself', { 'sec-fetch-site': 'same-origin', origin: 'ORIGIN' }],
		['with the Origin of the configured public origin only', { origin: 'ORIGIN' }],
		['from a script that sends neither header', {}]
	])('applies a push %s', async (name, headers) => {
		const resolved = Object.fromEntries(
			Object.entries(headers).map(([k, v]) => [k, v === 'ORIGIN' ? server.url : v])
		);
		const response = await post(
			'/api/sync/push',
			batch([await session(`ok-${name.length}`)]),
			resolved
		);
		expect(response.status).toBe(200);
	});

	it('applies a push with a bearer token and no cookie', async () => {
		const response = await fetch(`${server.url}/api/sync/push`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${account.token}` },
			body: JSON.stringify(batch([await session('bearer-1')]))
		});
		expect(response.status).toBe(200);
	});

	it('accepts the page reached by another name of the same host (Host matches Origin)', async () => {
		const url = server.url.replace('127.0.0.1', 'localhost');
		const response = await fetch(`${url}/api/sync/push`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				cookie: account.cookie,
				'sec-fetch-site': 'same-origin',
				origin: url
			},
			body: JSON.stringify(batch([await session('other-name-1')]))
		});
		expect(response.status).toBe(200);
	});

	it('answers reads from another site as before (a browser keeps their answers from that site)', async () => {
		const response = await fetch(`${server.url}/api/sync/pull`, {
			headers: { cookie: account.cookie, ...CROSS_SITE }
		});
		expect(response.status).toBe(200);
	});
});
