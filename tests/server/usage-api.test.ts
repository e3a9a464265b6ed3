import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectProblem, getAs, push, signUp, usage, type Account } from '../support/api-client';
import { batch, message, session } from '../support/records';
import { startServerOn, type ServerProcess } from '../support/server-process';

const empty = (date: string) => ({
	date,
	messagesSent: 0,
	messagesReceived: 0,
	inputTokens: 0,
	outputTokens: 0
});

describe('GET /api/usage', () => {
	let server: ServerProcess;
	let account: Account;
	beforeAll(async () => {
		server = await startServerOn('postgres', inject('postgresUrl'));
		account = await signUp(server.url);
		const day = (date: string, time = '09:00:00.000') => ({
			createdAt: `${date}T${time}Z`,
			updatedAt: `${date}T${time}Z`
		});
		const records = [
			await session('u-s', day('2026-03-01')),
			await message('u-1', 'u-s', { role: 'user', inputTokens: 12, ...day('2026-03-02') }),
			await message('u-2', 'u-s', {
				role: 'assistant',
				model: 'outpost-demo',
				outputTokens: 40,
				inputTokens: 0,
				...day('2026-03-02', '09:00:01.000')
			}),
			await message('u-3', 'u-s', {
				role: 'user',
				inputTokens: 3,
				...day('2026-03-02', '23:59:59.999')
			}),
			await message('u-4', 'u-s', { role: 'system', inputTokens: 100, ...day('2026-03-04') }),
			await message('u-5', 'u-s', {
				role: 'assistant',
				model: 'outpost-demo',
				outputTokens: 9,
				inputTokens: 0,
				...day('2026-03-05', '00:00:00.000')
			})
		];
		const response = await push(server.url, account, batch(records));
		expect(response.status).toBe(200);
	});
	afterAll(() => server?.stop());

	it('lists every day of the range with the messages and tokens of that UTC day', async () => {
		expect(await usage(server.url, account, '2026-03-01', '2026-03-05')).toEqual([
			empty('2026-03-01'),
			{
				date: '2026-03-02',
				messagesSent: 2,
				messagesReceived: 1,
				inputTokens: 15,
				outputTokens: 40
			},
			empty('2026-03-03'),
			// A system message counts toward nothing.
			empty('2026-03-04'),
			{ date: '2026-03-05', messagesSent: 0, messagesReceived: 1, inputTokens: 0, outputTokens: 9 }
		]);
	});

	it('answers a one-day range with that day only', async () => {
		expect(await usage(server.url, account, '2026-03-05', '2026-03-05')).toEqual([
			{ date: '2026-03-05', messagesSent: 0, messagesReceived: 1, inputTokens: 0, outputTokens: 9 }
		]);
	});

	it('shows another user nothing of this usage', async () => {
		const other = await signUp(server.url);
		expect(await usage(server.url, other, '2026-03-02', '2026-03-02')).toEqual([
			empty('2026-03-02')
		]);
	});

	it('answers a range of 366 days with 366 days', async () => {
		const days = await usage(server.url, account, '2026-01-01', '2027-01-01');
		expect(days).toHaveLength(366);
		expect(days[0]?.date).toBe('2026-01-01');
		expect(days.at(-1)?.date).toBe('2027-01-01');
	});

	it('defaults to the 30 days up to today', async () => {
		const response = await getAs(server.url, account, '/api/usage');
		expect(response.status).toBe(200);
		const days = ((await response.json()) as { days: { date: string }[] }).days;
		expect(days).toHaveLength(30);
		expect(days.at(-1)?.date).toBe(new Date().toISOString().slice(0, 10));
	});

	it.each([
		['a date that does not exist', 'from=2026-02-30&to=2026-03-01'],
		['a date without leading zeros', 'from=2026-3-1&to=2026-03-02'],
		['a word for a date', 'from=yesterday&to=2026-03-02'],
		['a timestamp for a date', 'from=2026-03-01T00:00:00Z&to=2026-03-02'],
		['from after to', 'from=2026-03-05&to=2026-03-01'],
		['a range of 367 days', 'from=2026-01-01&to=2027-01-02'],
		['an empty from', 'from=&to=2026-03-02'],
		['an unknown parameter', 'from=2026-03-01&to=2026-03-02&user=someone']
	])('answers %s with 400', async (_name, query) => {
		const problem = await expectProblem(
			await getAs(server.url, account, `/api/usage?${query}`),
			400
		);
		expect(problem.code).toBe('invalid_query');
		expect(problem.errors?.length).toBeGreaterThan(0);
	});
});
