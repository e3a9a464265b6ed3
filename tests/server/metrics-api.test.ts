import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectProblem, getAs, push, signUp, type Account } from '../support/api-client';
import { freePort, isListening } from '../support/free-port';
import { metricSamples } from '../support/metrics-text';
import { batch, message, session } from '../support/records';
import { startServerOn, type ServerProcess } from '../support/server-process';

const TOKEN = 'metrics-token-for-the-tests';
const withToken = { authorization: `Bearer ${TOKEN}` };

describe('GET /metrics', () => {
	let server: ServerProcess;
	let account: Account;
	beforeAll(async () => {
		server = await startServerOn('postgres', inject('postgresUrl'), {
			env: { METRICS_TOKEN: TOKEN }
		});
		account = await signUp(server.url);
	});
	afterAll(() => server?.stop());

	async function scrape(): Promise<{ text: string; values: Map<string, number> }> {
		const response = await fetch(`${server.url}/metrics`, { headers: withToken });
		expect(response.status).toBe(200);
		const text = await response.text();
		return { text, values: metricSamples(text) };
	}

	it.each([
		['without a token', {}],
		['with another token', { authorization: 'Bearer not-the-token' }],
		['with a session instead of the token', {}]
	])('answers %s with 401 problem+json', async (name, headers) => {
		const cookie = name.includes('session') ? { cookie: account.cookie } : {};
		const response = await fetch(`${server.url}/metrics`, { headers: { ...headers, ...cookie } });
		expect((await expectProblem(response, 401)).code).toBe('unauthenticated');
	});

	it('answers with Prometheus text naming the sync metrics', async () => {
		const response = await fetch(`${server.url}/metrics`, { headers: withToken });
		expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
		const text = await response.text();
		for (const [name, type] of [
			['outpost_sync_pushes_total', 'counter'],
			['outpost_sync_records_total', 'counter'],
			['outpost_sync_rows_written_total', 'counter'],
			['outpost_sync_replays_total', 'counter'],
			['outpost_sync_push_duration_seconds', 'histogram'],
			['outpost_sync_pulls_total', 'counter']
		]) {
			expect(text).toContain(`# TYPE ${name} ${type}\n`);
		}
	});

	it('moves the push, record, row and latency metrics after a push', async () => {
		const before = (await scrape()).values;
		const records = [
			await session('m-s1'),
			await message('m-m1', 'm-s1'),
			await message('m-m2', 'm-s1')
		];
		expect((await push(server.url, account, batch(records))).status).toBe(200);
		const after = (await scrape()).values;
		const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
		expect(delta('outpost_sync_pushes_total{outcome="applied"}')).toBe(1);
		expect(delta('outpost_sync_records_total{status="inserted"}')).toBe(3);
		expect(delta('outpost_sync_rows_written_total')).toBeGreaterThanOrEqual(3);
		expect(delta('outpost_sync_push_duration_seconds_count')).toBe(1);
		expect(delta('outpost_sync_push_duration_seconds_sum')).toBeGreaterThan(0);
		expect(delta('outpost_sync_replays_total')).toBe(0);
	});

	it('counts a replay as a replay that writes no rows and no records', async () => {
		const body = batch([await session('m-s2')]);
		expect((await push(server.url, account, body)).status).toBe(200);
		const before = (await scrape()).values;
		expect((await push(server.url, account, body)).status).toBe(200);
		const after = (await scrape()).values;
		const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
		expect(delta('outpost_sync_replays_total')).toBe(1);
		expect(delta('outpost_sync_pushes_total{outcome="replayed"}')).toBe(1);
		expect(delta('outpost_sync_pushes_total{outcome="applied"}')).toBe(0);
		expect(delta('outpost_sync_rows_written_total')).toBe(0);
		expect(delta('outpost_sync_records_total{status="inserted"}')).toBe(0);
		expect(delta('outpost_sync_push_duration_seconds_count')).toBe(1);
	});

	it('counts unchanged records without rows for them', async () => {
		const records = [await session('m-s3')];
		await push(server.url, account, batch(records));
		const before = (await scrape()).values;
		expect((await push(server.url, account, batch(records))).status).toBe(200);
		const after = (await scrape()).values;
		const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
		expect(delta('outpost_sync_records_total{status="unchanged"}')).toBe(1);
		expect(delta('outpost_sync_records_total{status="inserted"}')).toBe(0);
		// Only the batch itself is remembered.
		expect(delta('outpost_sync_rows_written_total')).toBe(1);
	});

	it('counts pulls by outcome', async () => {
		const before = (await scrape()).values;
		expect((await getAs(server.url, account, '/api/sync/pull')).status).toBe(200);
		expect((await getAs(server.url, account, '/api/sync/pull?limit=0')).status).toBe(400);
		const after = (await scrape()).values;
		const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
		expect(delta('outpost_sync_pulls_total{outcome="ok"}')).toBe(1);
		expect(delta('outpost_sync_pulls_total{outcome="invalid"}')).toBe(1);
	});
});

describe('metrics without METRICS_TOKEN', () => {
	let server: ServerProcess;
	let metricsPort: number;
	beforeAll(async () => {
		metricsPort = await freePort();
		server = await startServerOn('postgres', inject('postgresUrl'), {
			env: { METRICS_PORT: String(metricsPort) }
		});
	});
	afterAll(() => server?.stop());

	it('are not served on the main port: 404 problem+json, whatever the request says', async () => {
		for (const headers of [{}, withToken, { 'x-forwarded-for': '127.0.0.1' }]) {
			const response = await fetch(`${server.url}/metrics`, { headers });
			expect((await expectProblem(response, 404)).code).toBe('not_found');
		}
	});

	it('are served without a token on METRICS_PORT of the loopback interface', async () => {
		const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
		expect(await response.text()).toContain('# TYPE outpost_sync_pushes_total counter\n');
		expect((await fetch(`http://127.0.0.1:${metricsPort}/`)).status).toBe(404);
	});

	it('stop being served on METRICS_PORT when the server stops', async () => {
		expect(await isListening(metricsPort)).toBe(true);
		await server.stop();
		expect(await isListening(metricsPort)).toBe(false);
	});
});

describe('a server without METRICS_TOKEN and METRICS_PORT', () => {
	let server: ServerProcess;
	beforeAll(async () => {
		server = await startServerOn('postgres', inject('postgresUrl'));
	});
	afterAll(() => server?.stop());

	it('answers GET /metrics with 404 problem+json', async () => {
		const response = await fetch(`${server.url}/metrics`);
		expect((await expectProblem(response, 404)).code).toBe('not_found');
	});
});
