import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import { handle, handleError } from './hooks.server';

/** The parts of a request event the hooks read. */
function event(method: string, path: string, headers: Record<string, string> = {}): RequestEvent {
	const url = new URL(path, 'http://127.0.0.1:3000');
	return { request: new Request(url, { method, headers }), url } as unknown as RequestEvent;
}

describe('the handle hook', () => {
	it('answers an API request whose handling throws with a 500 problem, without details', async () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const response = await handle({
			event: event('GET', '/api/sync/pull'),
			resolve: () => Promise.reject(new Error('select secret from internals'))
		});
		log.mockRestore();
		expect(response.status).toBe(500);
		expect(response.headers.get('content-type')).toBe('application/problem+json');
		const body = await response.text();
		expect(JSON.parse(body)).toMatchObject({ status: 500, code: 'internal' });
		expect(body).not.toContain('secret');
	});

	it('refuses a cross-site API write with a 403 problem before it is handled', async () => {
		const resolve = vi.fn();
		const response = await handle({
			event: event('POST', '/api/auth/logout', { 'sec-fetch-site': 'cross-site' }),
			resolve
		});
		expect(resolve).not.toHaveBeenCalled();
		expect(response.status).toBe(403);
		expect(await response.json()).toMatchObject({ code: 'cross_site' });
	});

	it('turns an error answer of the framework on an API path into a problem', async () => {
		const response = await handle({
			event: event('GET', '/api/health'),
			resolve: () =>
				Promise.resolve(Response.json({ message: 'Payload Too Large' }, { status: 413 }))
		});
		expect(response.status).toBe(413);
		expect(await response.json()).toMatchObject({ status: 413, code: 'too_large' });
	});
});

describe('the handleError hook', () => {
	it('answers an unexpected error without its message', () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const error = new Error('connect ECONNREFUSED /var/run/secret');
		const body = handleError({
			error,
			event: event('GET', '/api/usage'),
			status: 500,
			message: 'Internal Error'
		});
		expect(log).toHaveBeenCalled();
		log.mockRestore();
		expect(body).toEqual({ message: 'Something went wrong on the server.', code: 'internal' });
	});

	it('keeps the message of an expected framework error', () => {
		const body = handleError({
			error: new Error('Not found: /api/nope'),
			event: event('GET', '/api/nope'),
			status: 404,
			message: 'Not Found'
		});
		expect(body).toEqual({ message: 'Not Found' });
	});
});
