import { describe, expect, it } from 'vitest';
import { readAnswer } from './read-answer';

describe('readAnswer', () => {
	it('reads the status, Retry-After and JSON body', async () => {
		const response = new Response('{"title":"Too Many Requests","status":429}', {
			status: 429,
			headers: { 'retry-after': '2', 'content-type': 'application/problem+json' }
		});
		expect(await readAnswer(response)).toEqual({
			status: 429,
			retryAfter: '2',
			body: { title: 'Too Many Requests', status: 429 }
		});
	});

	it('gives a null body for an empty or non-JSON one', async () => {
		expect(await readAnswer(new Response(null, { status: 204 }))).toEqual({
			status: 204,
			retryAfter: null,
			body: null
		});
		expect((await readAnswer(new Response('<html>Bad gateway</html>', { status: 502 }))).body).toBe(
			null
		);
	});
});
