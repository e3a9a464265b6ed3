import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonBody } from './json-body';

const anyJson = z.unknown();

/** A POST whose body is `bytes`, sent as JSON. */
function jsonRequest(
	bytes: Uint8Array<ArrayBuffer> | string,
	headers: Record<string, string> = {}
): Request {
	return new Request('http://localhost/api/x', {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: bytes
	});
}

/** A POST whose body stream yields `chunks`, then fails with `error`. */
function failingRequest(chunks: string[], error: unknown): Request {
	const encoder = new TextEncoder();
	return streamedRequest(
		chunks.map((chunk) => encoder.encode(chunk)),
		error
	);
}

/** A POST whose body stream yields `chunks`, then ends (or fails with `error`, if given). */
function streamedRequest(chunks: Uint8Array[], error?: unknown): Request {
	let index = 0;
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			const chunk = chunks[index++];
			if (chunk !== undefined) controller.enqueue(chunk);
			else if (error === undefined) controller.close();
			else controller.error(error);
		}
	});
	return new Request('http://localhost/api/x', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body,
		duplex: 'half'
	} as RequestInit);
}

/** What adapter-node's body stream fails with when its BODY_SIZE_LIMIT is hit. */
class PayloadTooLarge extends Error {
	status = 413;
	text = 'Payload Too Large';
}

describe('readJsonBody', () => {
	it('reads a UTF-8 body with characters beyond ASCII', async () => {
		const text = JSON.stringify({ title: 'Grüße, 日本, 🚀' });
		const body = await readJsonBody(jsonRequest(new TextEncoder().encode(text)), anyJson, 1024);
		expect(body).toEqual({ ok: true, value: { title: 'Grüße, 日本, 🚀' }, text });
	});

	it('reads a character whose bytes arrive in two chunks', async () => {
		const bytes = new TextEncoder().encode(JSON.stringify({ title: 'go 🚀' }));
		const split = bytes.indexOf(0xf0) + 2;
		const request = streamedRequest([bytes.slice(0, split), bytes.slice(split)]);
		const body = await readJsonBody(request, anyJson, 1024);
		expect(body).toMatchObject({ ok: true, value: { title: 'go 🚀' } });
	});

	it.each([
		['a lone continuation byte', [0x80]],
		['a truncated two-byte sequence', [0xc3]],
		['an overlong encoding of "/"', [0xc0, 0xaf]],
		['an encoded surrogate (CESU-8)', [0xed, 0xa0, 0x80]],
		['a byte that never occurs in UTF-8', [0xff]],
		['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]]
	])('refuses a body with %s with 400 invalid_encoding', async (_name, bad) => {
		const before = new TextEncoder().encode('{"title":"a');
		const after = new TextEncoder().encode('b"}');
		const bytes = new Uint8Array([...before, ...bad, ...after]);
		const body = await readJsonBody(jsonRequest(bytes), anyJson, 1024);
		expect(body).toEqual({
			ok: false,
			problem: expect.objectContaining({ status: 400, code: 'invalid_encoding' })
		});
	});

	it('keeps refusing a byte order mark as invalid JSON', async () => {
		const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{}')]);
		const body = await readJsonBody(jsonRequest(bytes), anyJson, 1024);
		expect(body).toMatchObject({ ok: false, problem: { status: 400, code: 'invalid_json' } });
	});

	it('answers a body stream cut off by the server body limit with 413, closing the connection', async () => {
		const request = failingRequest(['{"a":', '"b'], new PayloadTooLarge('over BODY_SIZE_LIMIT'));
		const body = await readJsonBody(request, anyJson, 1024);
		expect(body).toEqual({
			ok: false,
			problem: expect.objectContaining({
				status: 413,
				code: 'too_large',
				headers: { connection: 'close' }
			})
		});
	});

	it('answers a body stream that fails for another reason with 400, never throwing', async () => {
		const request = failingRequest(
			['{"a":'],
			Object.assign(new Error('aborted'), { code: 'ECONNRESET' })
		);
		const body = await readJsonBody(request, anyJson, 1024);
		expect(body).toEqual({
			ok: false,
			problem: expect.objectContaining({ status: 400, code: 'unreadable_body' })
		});
	});

	it('answers a body one byte over the limit with 413 and one at the limit with the value', async () => {
		const text = `"${'x'.repeat(98)}"`;
		expect(await readJsonBody(jsonRequest(text), anyJson, 100)).toMatchObject({ ok: true });
		expect(await readJsonBody(jsonRequest(`${text} `), anyJson, 100)).toMatchObject({
			ok: false,
			problem: { status: 413, code: 'too_large' }
		});
	});
});
