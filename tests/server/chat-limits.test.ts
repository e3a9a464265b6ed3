import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectProblem, postJson, signUp } from '../support/api-client';
import { currentMinute, roomInThisMinute } from '../support/minute-window';
import {
	createDatabase,
	newSessionSecret,
	startServer,
	type ServerProcess
} from '../support/server-process';

const RATE = 4;
const MESSAGES = { messages: [{ role: 'user', content: 'Hello there' }] };

describe('chat limits across two instances', () => {
	let a: ServerProcess;
	let b: ServerProcess;
	beforeAll(async () => {
		const databaseUrl = await createDatabase(inject('postgresUrl'));
		const options = {
			databaseUrl,
			sessionSecret: newSessionSecret(),
			env: { CHAT_RATE_LIMIT: String(RATE), CHAT_CONCURRENT_LIMIT: '1' }
		};
		a = await startServer(options);
		b = await startServer(options);
	});
	afterAll(() => Promise.all([a?.stop(), b?.stop()]));

	const chat = (server: ServerProcess, cookie: string, body: unknown = MESSAGES) =>
		postJson(server.url, '/api/chat', body, { cookie });
	/** The status of a whole chat exchange, read to its end. */
	const chatStatus = async (server: ServerProcess, cookie: string) => {
		const response = await chat(server, cookie);
		await response.text();
		return response.status;
	};

	it('counts replies per user per minute over both instances', async () => {
		// The limit counts in windows of a clock minute: all its requests must go in one window.
		await roomInThisMinute(20);
		// A slow machine may still cross into the next minute on the way: then the run is made
		// again, from the start of that one.
		for (let attempt = 1; ; attempt++) {
			const minute = currentMinute();
			const account = await signUp(a.url);
			for (let i = 0; i < RATE; i++) {
				const response = await chat(i % 2 ? b : a, account.cookie);
				expect(response.status).toBe(200);
				expect(await response.text()).toContain('event: done');
			}
			const refused = await chat(b, account.cookie);
			if (attempt === 1 && currentMinute() !== minute) {
				await refused.arrayBuffer();
				continue;
			}
			expect((await expectProblem(refused, 429)).code).toBe('rate_limited');
			expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
			break;
		}
		expect((await chat(a, (await signUp(a.url)).cookie)).status).toBe(200);
	}, 120_000);

	it('lets one user have only as many replies generating at once as the cap, on any instance', async () => {
		const account = await signUp(a.url);
		const first = await chat(a, account.cookie);
		expect(first.status).toBe(200);
		const second = await chat(b, account.cookie);
		expect((await expectProblem(second, 429)).code).toBe('too_many_replies');
		await first.text();
		// The place is freed before the reply's end is sent: the next reply may start at once.
		expect(await chatStatus(b, account.cookie)).toBe(200);
	});

	it('frees the place of a reply whose reader went away', async () => {
		const account = await signUp(a.url);
		const controller = new AbortController();
		const first = await fetch(`${a.url}/api/chat`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: account.cookie },
			body: JSON.stringify(MESSAGES),
			signal: controller.signal
		});
		expect(first.status).toBe(200);
		controller.abort();
		await expect.poll(() => chatStatus(b, account.cookie)).toBe(200);
	});

	it('refuses a flood of large requests from one account without reading them, with no server error', async () => {
		const account = await signUp(a.url);
		// A valid conversation of 3.6 MB.
		const big = JSON.stringify({
			messages: Array.from({ length: 40 }, () => ({ role: 'user', content: 'x'.repeat(90_000) }))
		});
		const statuses = await Promise.all(
			Array.from({ length: 40 }, () =>
				chat(a, account.cookie, big)
					.then(async (r) => {
						await r.arrayBuffer();
						return r.status;
					})
					.catch(() => 0)
			)
		);
		// 0: the server answered 429 without reading the body and closed the connection while
		// the client was still sending it.
		expect(statuses.filter((s) => s !== 200 && s !== 429 && s !== 0)).toEqual([]);
		expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(1);
		expect((await fetch(`${a.url}/api/health`)).status).toBe(200);
	});
});
