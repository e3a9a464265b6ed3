import { describe, expect, it } from 'vitest';
import { hashData, sha256Hex } from '$lib/sync/hash';
import { hashDataSync, sha256HexSync } from './server-hash';

const values: [string, unknown][] = [
	['an empty object', {}],
	['nested data in another key order', { b: [1, { z: 'ż', a: null }], a: 1e21 }],
	['a message', { sessionId: 's', role: 'user', content: 'héllo 😀\n', inputTokens: 3 }],
	['a string', 'text']
];

describe('hashDataSync', () => {
	it.each(values)('gives the same hash as the browser for %s', async (_, value) => {
		expect(hashDataSync(value)).toBe(await hashData(value));
	});

	it('gives the same hex digest as the browser for a text', async () => {
		expect(sha256HexSync('{"a":1}')).toBe(await sha256Hex('{"a":1}'));
	});

	it('throws where the data has no RFC 8785 form', () => {
		expect(() => hashDataSync({ a: Infinity })).toThrow();
		expect(() => hashDataSync({ a: '\ud800' })).toThrow();
	});
});
