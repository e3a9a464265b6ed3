import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getAs, push, signUp, type Account } from '../../../../tests/support/api-client';
import { batch, message, session } from '../../../../tests/support/records';
import { startServerOn, type ServerProcess } from '../../../../tests/support/server-process';

/** Samples of a Prometheus text exposition, by `name{labels}` as written. */
function samples(text: string): Map<string, number> {
	const map = new Map<string, number>();
	for (const line of text.split('\n')) {
		if (line === '' || line.startsWith('#')) continue;
		const space = line.lastIndexOf(' ');
		map.set(line.slice(0, space), Number(line.slice(space + 1)));
	}
	return map;
}

describe('GET /metrics', () => {
	let server: ServerProcess;
	let account: Account;
	beforeAll(async () => {
		server = await startServerOn('postgres', inject('postgresUrl'));
		account = await signUp(server.url);
	});
	afterAll(() => server?.stop());

	async function scrape(): Promise<{ text: string; values: Map<string, number> }> {
		const response = await fetch(`${server.url}/metrics`);
		expect(response.status).toBe(200);
		const text = await response.text();
		return { text, values: samples(text) };
	}

	it('answers with Prometheus text naming the sync metrics', async () => {
		const response = await fetch(`${server.url}/metrics`);
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
