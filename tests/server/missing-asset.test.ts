import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServerOn, type ServerProcess } from '../support/server-process';

const ASSETS = fileURLToPath(new URL('../../build/client/_app/immutable/assets', import.meta.url));

describe('a build file deleted under a running server (a rebuild)', () => {
	// A file of this test's own, so that the build's real files stay in place for other tests.
	const name = `deleted-${randomBytes(6).toString('hex')}.css`;
	const file = join(ASSETS, name);
	const path = `/_app/immutable/assets/${name}`;
	let server: ServerProcess;

	beforeAll(async () => {
		mkdirSync(ASSETS, { recursive: true });
		writeFileSync(file, 'body { color: black }\n');
		// The static file server lists the build files when the server starts.
		server = await startServerOn('postgres', inject('postgresUrl'));
	});
	afterAll(async () => {
		await server?.stop();
		rmSync(file, { force: true });
	});

	it('is served while it exists', async () => {
		const response = await fetch(`${server.url}${path}`);
		expect(response.status).toBe(200);
		expect(await response.text()).toBe('body { color: black }\n');
	});

	it('answers 404 once it is gone, and the server keeps answering', async () => {
		rmSync(file);
		for (const method of ['GET', 'HEAD']) {
			const response = await fetch(`${server.url}${path}`, { method });
			await response.arrayBuffer();
			expect(response.status).toBe(404);
			expect(response.headers.get('cache-control')).toBe('no-store');
		}
		const health = await fetch(`${server.url}/api/health`);
		expect(health.status).toBe(200);
		expect(server.output()).not.toContain('ENOENT');
	});
});
