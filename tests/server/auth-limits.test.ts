import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { expectProblem, newEmail, postJson, signUp } from '../support/api-client';
import { roomInWindow } from '../support/minute-window';
import { startServerOn, type ServerProcess } from '../support/server-process';

const LIMIT = 3;

describe('sign-in and sign-up limits', () => {
	let proxied: ServerProcess;
	let direct: ServerProcess;
	beforeAll(async () => {
		const limits = { LOGIN_RATE_LIMIT: String(LIMIT), SIGNUP_RATE_LIMIT: String(LIMIT) };
		// Behind a trusted proxy: the client address is the last X-Forwarded-For entry.
		[proxied, direct] = await Promise.all([
			startServerOn('postgres', inject('postgresUrl'), {
				env: { ...limits, ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' }
			}),
			startServerOn('postgres', inject('postgresUrl'), { env: limits })
		]);
	});
	afterAll(() => Promise.all([proxied?.stop(), direct?.stop()]));
	// Failed sign-ins count in fixed windows of 15 minutes, sign-ups of an hour: a test whose
	// requests crossed into a new window would find the count started again.
	beforeEach(() => roomInWindow(15 * 60, 30));

	const from = (address: string) => ({ 'x-forwarded-for': address });
	let addresses = 0;
	/** A new account, signed up from an address of its own so that sign-up limits stay out of the way. */
	const accountAt = async () => {
		const email = newEmail();
		const password = 'correct horse battery';
		const response = await postJson(
			proxied.url,
			'/api/auth/signup',
			{ email, password },
			from(`10.200.${Math.floor(addresses / 250)}.${(addresses++ % 250) + 1}`)
		);
		expect(response.status).toBe(201);
		return { email, password };
	};
	const login = (server: ServerProcess, email: string, password: string, address = '10.0.0.1') =>
		postJson(server.url, '/api/auth/login', { email, password }, from(address));

	it('pauses an account after its failed sign-ins, even with the right password, from any address', async () => {
		const account = await accountAt();
		for (let i = 0; i < LIMIT; i++) {
			const address = `10.1.0.${i + 1}`;
			await expectProblem(await login(proxied, account.email, 'wrong password', address), 401);
		}
		const paused = await login(proxied, account.email, account.password, '10.1.0.99');
		const problem = await expectProblem(paused, 429);
		expect(problem.code).toBe('rate_limited');
		const retryAfter = Number(paused.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThan(0);
		expect(retryAfter).toBeLessThanOrEqual(15 * 60);
	});

	it('pauses an address after failed sign-ins for several accounts, and only that address', async () => {
		const account = await accountAt();
		for (let i = 0; i < LIMIT; i++) {
			await expectProblem(await login(proxied, newEmail(), 'wrong password', '10.2.0.1'), 401);
		}
		await expectProblem(await login(proxied, account.email, account.password, '10.2.0.1'), 429);
		expect((await login(proxied, account.email, account.password, '10.2.0.2')).status).toBe(200);
	});

	it('pauses unknown and known emails alike, so that the pause tells nothing', async () => {
		const account = await accountAt();
		const unknown = newEmail();
		for (const email of [account.email, unknown]) {
			for (let i = 0; i < LIMIT; i++) await login(proxied, email, 'wrong password', `10.3.${i}.1`);
		}
		const [a, b] = await Promise.all([
			login(proxied, account.email, 'wrong password', '10.3.9.1'),
			login(proxied, unknown, 'wrong password', '10.3.9.2')
		]);
		expect([a.status, b.status]).toEqual([429, 429]);
		const body = async (r: Response) => ({ ...(await r.json()), detail: undefined });
		expect(await body(a)).toEqual(await body(b));
	});

	it('counts a sign-up with a taken email and a wrong password as a failed sign-in', async () => {
		const account = await accountAt();
		for (let i = 0; i < LIMIT; i++) {
			const response = await postJson(
				proxied.url,
				'/api/auth/signup',
				{ email: account.email, password: `guess number ${i}` },
				from(`10.4.0.${i}`)
			);
			await expectProblem(response, 401);
		}
		await expectProblem(await login(proxied, account.email, account.password, '10.4.1.1'), 429);
	});

	it('limits sign-ups per address', async () => {
		const signUpFrom = (address: string) =>
			postJson(
				proxied.url,
				'/api/auth/signup',
				{ email: newEmail(), password: 'correct horse battery' },
				from(address)
			);
		for (let i = 0; i < LIMIT; i++) expect((await signUpFrom('10.5.0.1')).status).toBe(201);
		const refused = await signUpFrom('10.5.0.1');
		await expectProblem(refused, 429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await signUpFrom('10.5.0.2')).status).toBe(201);
	});

	it('ignores X-Forwarded-For unless a trusted proxy is configured', async () => {
		const account = await signUp(direct.url);
		for (let i = 0; i < LIMIT; i++) {
			await expectProblem(await login(direct, account.email, 'wrong', `10.6.0.${i}`), 401);
		}
		// Every attempt came from 127.0.0.1, whatever the header said: that address is paused.
		await expectProblem(await login(direct, newEmail(), 'wrong', '10.6.9.9'), 429);
	});

	it('answers a flood of parallel sign-ins with 401 or 429, never a server error', async () => {
		const statuses = await Promise.all(
			Array.from({ length: 80 }, (_, i) =>
				login(proxied, newEmail(), 'wrong password', `10.7.${i}.1`).then((r) => r.status)
			)
		);
		expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
		expect(statuses).toContain(429);
		// Up to 66 hashes, two at a time: slow on a busy machine.
	}, 120_000);
});
