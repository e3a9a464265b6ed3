import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServerOn, type ServerProcess } from '../support/server-process';

const CLIENT = fileURLToPath(new URL('../../build/client', import.meta.url));

/** The path of one hashed build file of the current build. */
function someBuildFile(): string {
	const dir = join(CLIENT, '_app', 'immutable', 'chunks');
	const file = readdirSync(dir).find((name) => name.endsWith('.js'));
	if (!file) throw new Error(`no build file in ${dir}`);
	return `/_app/immutable/chunks/${file}`;
}

/** The directives of a policy, by name. */
function directives(policy: string): Map<string, string[]> {
	return new Map(
		policy
			.split(';')
			.map((part) => part.trim().split(/\s+/))
			.filter((words) => words[0])
			.map(([name = '', ...values]) => [name, values])
	);
}

describe('security headers', () => {
	let server: ServerProcess;
	beforeAll(async () => {
		server = await startServerOn('postgres', inject('postgresUrl'), { launcher: 'node-build' });
	});
	afterAll(() => server?.stop());

	it.each([
		['the prerendered page', '/', 200],
		['the service worker', '/service-worker.js', 200],
		['the web app manifest', '/manifest.webmanifest', 200],
		['an icon', '/icons/pwa-192x192.png', 200],
		['a hashed build file', someBuildFile(), 200],
		['an unknown page', '/no-such-page', 404],
		['the health check', '/api/health', 200],
		['an unknown API path', '/api/no-such-endpoint', 404]
	])('are on %s', async (_name, path, status) => {
		const response = await fetch(`${server.url}${path}`);
		await response.arrayBuffer();
		expect(response.status).toBe(status);
		const policy = directives(response.headers.get('content-security-policy') ?? '');
		expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
		expect(policy.get('script-src') ?? []).not.toContain("'unsafe-inline'");
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
		expect(response.headers.get('x-frame-options')).toBe('DENY');
	});

	it('let the page connect to its own origin only, the server narrowing what the page allows', async () => {
		const response = await fetch(`${server.url}/`);
		const html = await response.text();
		const header = directives(response.headers.get('content-security-policy') ?? '');
		expect(header.get('connect-src')).toEqual(["'self'"]);
		const meta = /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(html);
		expect(directives(meta?.[1] ?? '').get('connect-src')).toContain("'self'");
	});

	it('give API answers a policy that loads nothing', async () => {
		const response = await fetch(`${server.url}/api/health`);
		const policy = directives(response.headers.get('content-security-policy') ?? '');
		expect(policy.get('default-src')).toEqual(["'none'"]);
	});

	it('allow on the page only its own scripts and the inline ones whose hash the policy names', async () => {
		const html = await (await fetch(`${server.url}/`)).text();
		const meta = /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(html);
		expect(meta).not.toBeNull();
		const policy = directives(meta?.[1] ?? '');
		const scripts = policy.get('script-src') ?? [];
		expect(scripts).toContain("'self'");
		expect(scripts).not.toContain("'unsafe-inline'");
		expect(scripts).not.toContain("'unsafe-eval'");
		expect(policy.get('object-src')).toEqual(["'none'"]);
		const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
		expect(inline.length).toBeGreaterThan(0);
		for (const script of inline) {
			const hash = createHash('sha256').update(script).digest('base64');
			expect(scripts).toContain(`'sha256-${hash}'`);
		}
	});
});
