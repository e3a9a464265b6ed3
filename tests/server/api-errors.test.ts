import { connect } from 'node:net';
import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectProblem, getAs, postJson, push, signUp, type Account } from '../support/api-client';
import { batch, message, session } from '../support/records';
import { startServerOn, type ServerProcess } from '../support/server-process';
import { MAX_BATCH_BYTES } from '$lib/protocol/push';

/** An envelope whose JSON text is exactly `bytes` long, padded with trailing whitespace. */
function envelopeOfSize(bytes: number): string {
	const text = JSON.stringify(batch([]));
	return text + ' '.repeat(bytes - Buffer.byteLength(text));
}

/**
 * POSTs a push body that the server answers without reading, on a connection of its own that
 * is closed afterwards, so that no later request of the file is sent on it (see the test of
 * the connection after a 413).
 */
function pushUnread(baseUrl: string, account: Account, text: string): Promise<Response> {
	return postJson(baseUrl, '/api/sync/push', text, { cookie: account.cookie, connection: 'close' });
}

/**
 * Sends a push of `bodyBytes` with Content-Length on a raw keep-alive connection, then
 * `GET /api/health` on the same connection. Resolves to the head of the first response and
 * what became of the second: its status line, or `closed` when the server closed the
 * connection, or `no answer` after `waitMs`.
 */
async function healthAfterOversizedPush(
	baseUrl: string,
	account: Account,
	bodyBytes: number,
	waitMs: number
): Promise<{ first: string; second: string }> {
	const url = new URL(baseUrl);
	const socket = connect(Number(url.port), url.hostname);
	let received = '';
	let closed = false;
	socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
	socket.on('close', () => (closed = true));
	socket.on('error', () => (closed = true));
	const until = async (done: () => boolean, ms: number) => {
		const deadline = Date.now() + ms;
		while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
	};
	try {
		socket.write(
			`POST /api/sync/push HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n` +
				`Cookie: ${account.cookie}\r\nContent-Length: ${bodyBytes}\r\n\r\n`
		);
		socket.write('['.repeat(bodyBytes));
		await until(() => closed || /\r\n0\r\n\r\n|\r\n\r\n\{.*\}$/s.test(received), waitMs);
		const first = received.split('\r\n\r\n')[0] ?? '';
		received = '';
		if (!closed) socket.write(`GET /api/health HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`);
		await until(() => closed || received.includes('\r\n'), waitMs);
		const second = received.includes('\r\n')
			? (received.split('\r\n')[0] ?? '')
			: closed
				? 'closed'
				: 'no answer';
		return { first, second };
	} finally {
		socket.destroy();
	}
}

/** POSTs a push body as a stream, so that the request has no Content-Length. */
function pushStreamed(baseUrl: string, account: Account, text: string): Promise<Response> {
	const bytes = new TextEncoder().encode(text);
	let offset = 0;
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			if (offset >= bytes.length) return controller.close();
			controller.enqueue(bytes.subarray(offset, (offset += 64 * 1024)));
		}
	});
	const init = {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie: account.cookie },
		body,
		duplex: 'half'
	};
	return fetch(`${baseUrl}/api/sync/push`, init as RequestInit);
}

describe.each(['pglite', 'postgres'] as const)('API errors on a %s server', (backend) => {
	let server: ServerProcess;
	let account: Account;
	beforeAll(async () => {
		server = await startServerOn(backend, inject('postgresUrl'));
		account = await signUp(server.url);
	});
	afterAll(() => server?.stop());

	describe('without a session', () => {
		it.each([
			['POST', '/api/sync/push'],
			['GET', '/api/sync/pull'],
			['GET', '/api/usage'],
			['GET', '/api/auth/me'],
			['POST', '/api/chat']
		])('answers %s %s with 401 problem+json', async (method, path) => {
			const response = await fetch(`${server.url}${path}`, {
				method,
				headers: method === 'POST' ? { 'content-type': 'application/json' } : {},
				...(method === 'POST' ? { body: JSON.stringify(batch([])) } : {})
			});
			const problem = await expectProblem(response, 401);
			expect(problem.code).toBe('unauthenticated');
		});

		it.each([
			['a token that is not a JWT', { authorization: 'Bearer not-a-token' }],
			['a cookie that is not a JWT', { cookie: 'outpost_session=garbage' }]
		])('refuses a pull with %s with 401', async (_name, headers) => {
			const response = await fetch(`${server.url}/api/sync/pull`, { headers });
			expect((await expectProblem(response, 401)).code).toBe('unauthenticated');
		});

		it('refuses a copy of a real session token signed with another secret', async () => {
			const claims = decodeJwt(account.token);
			const forged = await new SignJWT({ sid: claims.sid })
				.setProtectedHeader({ alg: 'HS256' })
				.setSubject(String(claims.sub))
				.setIssuedAt()
				.setExpirationTime('1h')
				.sign(new TextEncoder().encode('another secret that is long enough to be used'));
			const response = await fetch(`${server.url}/api/sync/pull`, {
				headers: { authorization: `Bearer ${forged}` }
			});
			expect((await expectProblem(response, 401)).code).toBe('unauthenticated');
		});
	});

	describe('push bodies', () => {
		it.each([
			['application/xml', {}],
			['application/x-json', {}],
			['text/json', {}],
			['application/json-seq', {}]
		])('answers a push sent as %s with 415', async (type, extra) => {
			const response = await fetch(`${server.url}/api/sync/push`, {
				method: 'POST',
				headers: { 'content-type': type, cookie: account.cookie, ...extra },
				body: JSON.stringify(batch([]))
			});
			expect((await expectProblem(response, 415)).code).toBe('unsupported_media_type');
		});

		it('answers a push without a content type with 415', async () => {
			const response = await fetch(`${server.url}/api/sync/push`, {
				method: 'POST',
				headers: { cookie: account.cookie },
				body: new TextEncoder().encode(JSON.stringify(batch([])))
			});
			expect((await expectProblem(response, 415)).code).toBe('unsupported_media_type');
		});

		it.each([
			['text/plain', 'from the page (same Origin)', true],
			['text/plain', 'from a client that sends no Origin', false],
			['application/x-www-form-urlencoded', 'from a client that sends no Origin', false],
			['multipart/form-data; boundary=x', 'from a client that sends no Origin', false]
		])('answers a push sent as %s %s with 415 problem+json', async (type, _who, sameOrigin) => {
			const response = await fetch(`${server.url}/api/sync/push`, {
				method: 'POST',
				headers: {
					'content-type': type,
					cookie: account.cookie,
					...(sameOrigin ? { origin: server.url } : {})
				},
				body: JSON.stringify(batch([]))
			});
			expect((await expectProblem(response, 415)).code).toBe('unsupported_media_type');
		});

		it.each([
			['a truncated object', '{"protocol":1,"records":['],
			['an empty body', ''],
			['a single quote string', "'x'"],
			['a trailing comma', '{"protocol":1,}'],
			['NaN', 'NaN']
		])('answers a push of %s with 400 invalid_json', async (_name, text) => {
			const problem = await expectProblem(await push(server.url, account, text), 400);
			expect(problem.code).toBe('invalid_json');
		});

		it.each([
			['a records entry that is a number', '/records/3', { records: [{}, {}, {}, 42] }],
			['a records entry that is null', '/records/0', { records: [null] }],
			['a records entry that is an array', '/records/1', { records: [{}, []] }],
			['records that is not an array', '/records', { records: {} }],
			['protocol 3', '/protocol', { protocol: 3 }],
			['a batchId with a space', '/batchId', { batchId: 'a b' }],
			['an empty clientId', '/clientId', { clientId: '' }],
			['a batchId of 65 characters', '/batchId', { batchId: 'x'.repeat(65) }]
		])('answers an envelope with %s with 400 and the path %s', async (_name, path, change) => {
			const envelope = { ...batch([]), ...change };
			const problem = await expectProblem(await push(server.url, account, envelope), 400);
			expect(problem.code).toBe('invalid_envelope');
			expect(problem.errors?.map((e) => e.path)).toContain(path);
			for (const error of problem.errors ?? []) expect(error.message.length).toBeGreaterThan(0);
		});

		it.each([
			['an array', '[]'],
			['null', 'null'],
			['a number', '1'],
			['a string', '"batch"']
		])('answers a push of %s with 400 invalid_envelope', async (_name, text) => {
			const problem = await expectProblem(await push(server.url, account, text), 400);
			expect(problem.code).toBe('invalid_envelope');
		});

		it('answers an envelope with an extra key with 400', async () => {
			const problem = await expectProblem(
				await push(server.url, account, { ...batch([]), extra: true }),
				400
			);
			expect(problem.code).toBe('invalid_envelope');
		});

		it('accepts a body of exactly 2 MiB', async () => {
			const response = await push(server.url, account, envelopeOfSize(MAX_BATCH_BYTES));
			expect(response.status).toBe(200);
			expect((await response.json()).results).toEqual([]);
		});

		it('answers a body one byte over 2 MiB with 413', async () => {
			const problem = await expectProblem(
				await pushUnread(server.url, account, envelopeOfSize(MAX_BATCH_BYTES + 1)),
				413
			);
			expect(problem.code).toBe('batch_too_large');
		});

		it('answers an invalid JSON body over 2 MiB with 413, checked before parsing', async () => {
			const problem = await expectProblem(
				await pushUnread(server.url, account, '['.repeat(MAX_BATCH_BYTES + 10)),
				413
			);
			expect(problem.code).toBe('batch_too_large');
		});

		it('answers the next request on a kept-alive connection after a 413, or closes it', async () => {
			const { first, second } = await healthAfterOversizedPush(
				server.url,
				account,
				MAX_BATCH_BYTES + 10,
				3000
			);
			expect(first).toMatch(/^HTTP\/1\.1 413 /);
			if (/^connection: close$/im.test(first)) expect(second).toBe('closed');
			else expect(second).toBe('HTTP/1.1 200 OK');
		});

		it('accepts a streamed body under 2 MiB without Content-Length', async () => {
			const response = await pushStreamed(
				server.url,
				account,
				envelopeOfSize(MAX_BATCH_BYTES - 1024)
			);
			expect(response.status).toBe(200);
			expect(((await response.json()) as { results: unknown[] }).results).toEqual([]);
		});

		it('answers a streamed body over 2 MiB without Content-Length with 413', async () => {
			const problem = await expectProblem(
				await pushStreamed(server.url, account, '{' + 'x'.repeat(MAX_BATCH_BYTES + 64 * 1024)),
				413
			);
			expect(problem.code).toBe('batch_too_large');
		});

		it('answers a batch of 501 records with 413', async () => {
			const records = Array.from({ length: 501 }, () => ({}));
			const problem = await expectProblem(await push(server.url, account, batch(records)), 413);
			expect(problem.code).toBe('batch_too_large');
		});

		it('answers a batch of 500 junk records with 200 and 500 invalid results', async () => {
			const records = Array.from({ length: 500 }, (_, i) => ({
				type: 'session',
				id: `j${i}`,
				op: 'nope'
			}));
			const response = await push(server.url, account, batch(records));
			expect(response.status).toBe(200);
			const body = (await response.json()) as { results: { status: string; code?: string }[] };
			expect(body.results).toHaveLength(500);
			expect(new Set(body.results.map((r) => `${r.status}/${r.code}`))).toEqual(
				new Set(['rejected/invalid'])
			);
		});

		it('answers the same batchId with a different body with 409 batch_conflict, and still replays the first', async () => {
			const first = batch([await session('conflict-s1')]);
			const applied = await push(server.url, account, first);
			expect(applied.status).toBe(200);
			const appliedBody = await applied.text();
			const other = { ...first, records: [await session('conflict-s2')] };
			const problem = await expectProblem(await push(server.url, account, other), 409);
			expect(problem.code).toBe('batch_conflict');
			const replay = await push(server.url, account, first);
			expect(replay.status).toBe(200);
			expect(await replay.text()).toBe(appliedBody);
		});

		it.each([
			[
				'a lone surrogate in its data',
				'{"type":"session","id":"ls1","op":"upsert","hash":"sha256:00","data":{"title":"\\ud800"}}'
			],
			['a lone surrogate as a key', '{"type":"session","id":"ls2","op":"delete","\\udc00":1}'],
			[
				'a NUL in its data',
				'{"type":"session","id":"nul1","op":"upsert","hash":"sha256:00","data":{"title":"a\\u0000b"}}'
			],
			['a number beyond a double', '{"type":"message","id":"big1","op":"delete","n":1e400}'],
			[
				'data nested 20,000 arrays deep',
				`{"type":"session","id":"deep1","op":"upsert","data":${'['.repeat(20_000)}${']'.repeat(20_000)}}`
			]
		])(
			'answers a record with %s with 200 and the record rejected as invalid',
			async (_name, record) => {
				const text = `{"protocol":1,"clientId":"c","batchId":"odd-${Math.random().toString(36).slice(2)}","records":[${record}]}`;
				const response = await push(server.url, account, text);
				const body = await response.text();
				expect({ status: response.status, body: body.slice(0, 300) }).toMatchObject({
					status: 200
				});
				const results = (JSON.parse(body) as { results: { status: string; code?: string }[] })
					.results;
				expect(results).toEqual([expect.objectContaining({ status: 'rejected', code: 'invalid' })]);
			}
		);

		it('applies a valid batch with 200 and one result per record', async () => {
			const records = [await session('ok-s1'), await message('ok-m1', 'ok-s1')];
			const response = await push(server.url, account, batch(records));
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toMatch(/^application\/json/);
			const body = (await response.json()) as { results: { id: string; status: string }[] };
			expect(body.results.map((r) => [r.id, r.status])).toEqual([
				['ok-s1', 'inserted'],
				['ok-m1', 'inserted']
			]);
		});
	});

	describe('pull queries', () => {
		it.each([
			['a cursor this server did not make', 'cursor=nope', 'invalid_cursor'],
			['a cursor without a position', 'cursor=c1.', 'invalid_cursor'],
			['a negative cursor', 'cursor=c1.-1', 'invalid_cursor'],
			['a cursor of another version', 'cursor=c2.1', 'invalid_cursor'],
			['an empty cursor', 'cursor=', 'invalid_query'],
			['limit 0', 'limit=0', 'invalid_query'],
			['limit 1001', 'limit=1001', 'invalid_query'],
			['limit -1', 'limit=-1', 'invalid_query'],
			['limit 1.5', 'limit=1.5', 'invalid_query'],
			['a limit that is not a number', 'limit=ten', 'invalid_query'],
			['an unknown parameter', 'since=1', 'invalid_query']
		])('answers a pull with %s with 400', async (_name, query, code) => {
			const problem = await expectProblem(
				await getAs(server.url, account, `/api/sync/pull?${query}`),
				400
			);
			expect(problem.code).toBe(code);
		});

		it.each(['limit=1', 'limit=1000', 'cursor=c1.0'])(
			'answers a pull with %s with 200',
			async (query) => {
				const response = await getAs(server.url, account, `/api/sync/pull?${query}`);
				expect(response.status).toBe(200);
				const body = (await response.json()) as { protocol: number; hasMore: boolean };
				expect(body.protocol).toBe(2);
			}
		);

		it('pages with limit=1: one record per page and hasMore until the end', async () => {
			const fresh = await signUp(server.url);
			await push(server.url, fresh, batch([await session('p1'), await session('p2')]));
			const first = (await (await getAs(server.url, fresh, '/api/sync/pull?limit=1')).json()) as {
				records: { id: string }[];
				cursor: string;
				hasMore: boolean;
			};
			expect(first.records.map((r) => r.id)).toEqual(['p1']);
			expect(first.hasMore).toBe(true);
			const second = (await (
				await getAs(server.url, fresh, `/api/sync/pull?limit=1&cursor=${first.cursor}`)
			).json()) as { records: { id: string }[]; hasMore: boolean };
			expect(second.records.map((r) => r.id)).toEqual(['p2']);
			expect(second.hasMore).toBe(false);
		});
	});

	it('answers a health check with the backend it runs on', async () => {
		const response = await fetch(`${server.url}/api/health`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok', database: backend });
	});
});
