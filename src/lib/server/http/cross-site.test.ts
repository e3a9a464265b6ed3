import { describe, expect, it } from 'vitest';
import { isCrossSiteRequest, isOwnOrigin } from './cross-site';

const APP = new URL('https://chat.example.com/api/sync/push');

/** A request to `path` of the app at chat.example.com (its Host header unless `host` says). */
function request(method: string, headers: Record<string, string>, path = '/api/sync/push') {
	return {
		request: new Request(new URL(path, APP), {
			method,
			headers: { host: 'chat.example.com', ...headers }
		}),
		url: new URL(path, APP)
	};
}

describe('isCrossSiteRequest', () => {
	it.each([
		['POST', 'cross-site', undefined],
		['POST', 'same-site', undefined],
		['DELETE', 'cross-site', undefined],
		['PUT', 'same-site', 'https://chat.example.com'],
		['PATCH', 'cross-site', undefined],
		['POST', undefined, 'https://evil.example.net'],
		['POST', undefined, 'https://other.example.com'],
		['POST', undefined, 'http://chat.example.com.evil.net'],
		['POST', undefined, 'null'],
		['POST', undefined, 'not a url'],
		['POST', 'same-origin', 'https://evil.example.net'],
		['POST', 'none', 'https://evil.example.net'],
		['POST', 'CROSS-SITE', undefined]
	])('refuses %s with Sec-Fetch-Site %s and Origin %s', (method, site, origin) => {
		const headers = {
			...(site ? { 'sec-fetch-site': site } : {}),
			...(origin ? { origin } : {})
		};
		const { request: r, url } = request(method, headers);
		expect(isCrossSiteRequest(r, url)).toBe(true);
	});

	it.each([
		['POST', 'same-origin', 'https://chat.example.com'],
		['POST', 'same-origin', undefined],
		['POST', undefined, 'https://chat.example.com'],
		['POST', undefined, undefined],
		['DELETE', undefined, undefined],
		['GET', 'cross-site', 'https://evil.example.net'],
		['HEAD', 'cross-site', 'https://evil.example.net'],
		['OPTIONS', 'cross-site', 'https://evil.example.net']
	])('lets %s with Sec-Fetch-Site %s and Origin %s through', (method, site, origin) => {
		const headers = {
			...(site ? { 'sec-fetch-site': site } : {}),
			...(origin ? { origin } : {})
		};
		const { request: r, url } = request(method, headers);
		expect(isCrossSiteRequest(r, url)).toBe(false);
	});

	it('refuses a cross-site logout', () => {
		const { request: r, url } = request(
			'POST',
			{ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example.net' },
			'/api/auth/logout'
		);
		expect(isCrossSiteRequest(r, url)).toBe(true);
	});

	it('leaves requests outside the API alone', () => {
		const { request: r, url } = request('POST', { 'sec-fetch-site': 'cross-site' }, '/');
		expect(isCrossSiteRequest(r, url)).toBe(false);
	});
});

describe('isOwnOrigin', () => {
	const url = new URL('http://localhost:3000/api/sync/push');

	it.each([
		['the configured origin', 'http://localhost:3000', 'localhost:3000', true],
		['the host the request was sent to', 'http://127.0.0.1:3000', '127.0.0.1:3000', true],
		['the default port written out in Host', 'http://127.0.0.1', '127.0.0.1:80', true],
		['another port of that host', 'http://127.0.0.1:3001', '127.0.0.1:3000', false],
		['another host', 'http://evil.test:3000', '127.0.0.1:3000', false],
		['a non-web scheme', 'file://127.0.0.1:3000', '127.0.0.1:3000', false],
		['a path after the origin', 'http://127.0.0.1:3000/x', '127.0.0.1:3000', false],
		['null', 'null', '127.0.0.1:3000', false],
		['any origin but the configured one without a Host', 'http://127.0.0.1:3000', null, false]
	])('takes %s as own: %s', (_name, origin, host, own) => {
		expect(isOwnOrigin(origin, url, host)).toBe(own);
	});
});
