import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signUp } from '../support/api-client';
import { openLiveEvents, type LiveEventsClient } from '../support/live-events-client';
import { createDatabase, startServer, type ServerProcess } from '../support/server-process';

// Apart from live-events.test.ts, which runs again in Supabase mode: the keep-alive is the same
// whichever way sessions are checked, and waiting for it takes 15 s.
describe('live events on an idle stream', () => {
	let server: ServerProcess;
	let client: LiveEventsClient | undefined;
	beforeAll(async () => {
		server = await startServer({ databaseUrl: await createDatabase(inject('postgresUrl')) });
	});
	afterAll(async () => {
		client?.close();
		await server?.stop();
	});

	it('sends a keep-alive comment every 15 s', async () => {
		client = await openLiveEvents(server.url, await signUp(server.url));
		expect(client.response.status).toBe(200);
		await expect.poll(() => client?.data('ready').length).toBe(1);
		await expect
			.poll(() => client?.text().includes('\n\n: keep-alive\n\n'), { timeout: 17_000 })
			.toBe(true);
		expect(client.ended()).toBe(false);
	}, 20_000);
});
