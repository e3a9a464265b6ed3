import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectProblem, getAs, signUp, type Account } from '../support/api-client';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider';
import { startServerOn, type ServerProcess } from '../support/server-process';

describe('GET /api/models', () => {
	let fake: FakeProvider;
	const servers: ServerProcess[] = [];
	let demo: { url: string; account: Account };
	beforeAll(async () => {
		fake = await startFakeProvider();
		demo = await start({});
	});
	afterAll(async () => {
		await Promise.all(servers.map((server) => server.stop()));
		await fake.close();
	});

	async function start(env: Record<string, string>): Promise<{ url: string; account: Account }> {
		const server = await startServerOn('postgres', inject('postgresUrl'), { env });
		servers.push(server);
		return { url: server.url, account: await signUp(server.url) };
	}

	it('offers the demo model alone when no provider is configured', async () => {
		const { url, account } = demo;
		const response = await getAs(url, account, '/api/models');
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ default: 'outpost-demo', models: ['outpost-demo'] });
	});

	it('offers the provider’s models, LLM_MODEL first as the default', async () => {
		const { url, account } = await start({ LLM_BASE_URL: fake.url, LLM_MODEL: 'fake-large' });
		const response = await getAs(url, account, '/api/models');
		expect(await response.json()).toEqual({
			default: 'fake-large',
			models: ['fake-large', 'fake-small', 'fake-vision']
		});
		expect(response.headers.get('cache-control')).toBe('no-store');
	});

	it('takes the first listed model as the default without LLM_MODEL', async () => {
		const { url, account } = await start({ LLM_BASE_URL: fake.url });
		expect(await (await getAs(url, account, '/api/models')).json()).toEqual({
			default: 'fake-small',
			models: ['fake-small', 'fake-large', 'fake-vision']
		});
	});

	it('answers without a session with 401', async () => {
		const problem = await expectProblem(await fetch(`${demo.url}/api/models`), 401);
		expect(problem.code).toBe('unauthenticated');
	});
});
