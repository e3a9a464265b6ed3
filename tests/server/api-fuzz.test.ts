import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { problem } from '$lib/protocol/problem';
import { leaksIn, signUp, type Account } from '../support/api-client';
import { junk, oddString, toJsonText } from '../support/fuzz-values';
import { batch, message, session } from '../support/records';
import { startServerOn, type ServerBackend, type ServerProcess } from '../support/server-process';

// Every endpoint, on both backends, under generated requests: whatever is sent, the answer is
// never a 5xx, and every error is a problem without internals.

/** One generated request. */
interface Fuzzed {
	method: string;
	path: string;
	contentType?: string | undefined;
	body?: string | Uint8Array<ArrayBuffer>;
	signedIn: boolean;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const PATHS = [
	'/api/auth/signup',
	'/api/auth/login',
	'/api/auth/logout',
	'/api/auth/me',
	'/api/sync/push',
	'/api/sync/pull',
	'/api/chat',
	'/api/usage',
	'/api/health',
	'/metrics'
];

/** Query values that sit on the edges of what the endpoints take. */
const edgeValue = fc.oneof(
	oddString,
	fc.constantFrom(
		'',
		'0',
		'-1',
		'1001',
		'1e9',
		'2.5',
		'0000-01-01',
		'0001-01-01',
		'9999-12-31',
		'2026-02-30',
		'c1.',
		'c1.0',
		'c1.zzzzzzzzzzzz',
		'c2.1',
		'%00',
		'null'
	)
);

const query = (keys: string[]) =>
	fc
		.dictionary(fc.oneof(fc.constantFrom(...keys), oddString), edgeValue, { maxKeys: 4 })
		.map((params) => {
			const search = new URLSearchParams(params).toString();
			return search ? `?${search}` : '';
		});

/** Bytes that are not UTF-8: lone continuation bytes, overlong forms, surrogates, truncations. */
const badUtf8 = fc
	.tuple(
		fc.constantFrom(
			[0x80],
			[0xc0, 0xaf],
			[0xe0, 0x80, 0xaf],
			[0xed, 0xa0, 0x80],
			[0xf4, 0x90, 0x80, 0x80],
			[0xff],
			[0xe2, 0x82]
		),
		fc.nat({ max: 40 })
	)
	.map(([bad, at]) => {
		const text = new TextEncoder().encode(
			JSON.stringify({ email: 'a@example.com', password: 'correct horse battery', n: 'x' })
		);
		const position = Math.min(at, text.length);
		return new Uint8Array([...text.slice(0, position), ...bad, ...text.slice(position)]);
	});

function jsonBodies(valid: readonly unknown[]): fc.Arbitrary<string | Uint8Array<ArrayBuffer>> {
	const credentials = fc.record(
		{
			email: fc.oneof(fc.emailAddress(), junk),
			password: fc.oneof(fc.string({ minLength: 8, maxLength: 40 }), junk)
		},
		{ requiredKeys: [] }
	);
	const chat = fc.record(
		{
			messages: fc.oneof(
				fc.array(
					fc.record(
						{
							role: fc.oneof(fc.constantFrom('user', 'assistant', 'system'), junk),
							content: fc.oneof(oddString, junk)
						},
						{ requiredKeys: [] }
					),
					{ maxLength: 4 }
				),
				junk
			),
			accountId: fc.oneof(fc.uuid(), junk)
		},
		{ requiredKeys: [] }
	);
	const push = fc
		.tuple(fc.subarray([...valid]), fc.oneof(fc.constant(undefined), fc.uuid(), junk))
		.map(([records, accountId]) => ({
			...batch(records),
			...(accountId === undefined ? {} : { accountId })
		}));
	return fc.oneof(
		credentials.map(toJsonText),
		chat.map(toJsonText),
		push.map(toJsonText),
		fc.jsonValue({ maxDepth: 3 }).map(toJsonText),
		oddString,
		badUtf8
	);
}

function requests(valid: readonly unknown[]): fc.Arbitrary<Fuzzed> {
	return fc
		.record({
			method: fc.oneof(
				{ weight: 4, arbitrary: fc.constantFrom('GET', 'POST') },
				fc.constantFrom(...METHODS)
			),
			path: fc.oneof(
				{ weight: 8, arbitrary: fc.constantFrom(...PATHS) },
				fc.constantFrom('/api', '/api/', '/api/sync', '/api/nope', '/api/sync/push/x')
			),
			search: query(['cursor', 'limit', 'accountId', 'from', 'to']),
			contentType: fc.oneof(
				{ weight: 6, arbitrary: fc.constant('application/json') },
				fc.constantFrom(
					undefined,
					'text/plain',
					'application/x-www-form-urlencoded',
					'application/json; charset=latin1',
					'multipart/form-data; boundary=x'
				)
			),
			body: jsonBodies(valid),
			signedIn: fc.boolean()
		})
		.map(({ method, path, search, contentType, body, signedIn }) => ({
			method,
			path: path + search,
			signedIn,
			...(method === 'GET' || method === 'HEAD' ? {} : { body, contentType })
		}));
}

describe.each<ServerBackend>(['pglite', 'postgres'])(
	'every endpoint under fuzzed requests on %s',
	(backend) => {
		let server: ServerProcess;
		let account: Account;
		let valid: unknown[];
		beforeAll(async () => {
			server = await startServerOn(backend, inject('postgresUrl'));
			account = await signUp(server.url);
			valid = [
				await session('fz-s'),
				await message('fz-m', 'fz-s'),
				{ type: 'message', id: 'x', op: 'delete' }
			];
		});
		afterAll(() => server?.stop());

		async function sendAndCheck(request: Fuzzed): Promise<void> {
			const headers: Record<string, string> = {};
			if (request.contentType) headers['content-type'] = request.contentType;
			if (request.signedIn) headers.cookie = account.cookie;
			const response = await fetch(`${server.url}${request.path}`, {
				method: request.method,
				headers,
				...(request.body === undefined ? {} : { body: request.body })
			});
			const text = await response.text();
			const context = `${request.method} ${request.path} → ${response.status} ${text.slice(0, 300)}`;
			expect(response.status, context).toBeLessThan(500);
			if (response.status < 400 || request.method === 'HEAD') return;
			expect(response.headers.get('content-type') ?? '', context).toMatch(
				/^application\/problem\+json\b/
			);
			const parsed = problem.safeParse(JSON.parse(text));
			expect(parsed.success, context).toBe(true);
			expect(parsed.data?.status, context).toBe(response.status);
			expect(leaksIn(text), context).toEqual([]);
		}

		it('never answers with a server error, and answers every error with a problem', async () => {
			// Requests that once got a 500, tried first.
			const year0 = await message('y0', 'fz-s', { createdAt: '0000-01-01T00:00:00.000Z' });
			const examples: [Fuzzed][] = [
				[{ method: 'GET', path: '/api/usage?from=0000-01-01&to=0000-01-02', signedIn: true }],
				[{ method: 'GET', path: '/api/sync/pull?cursor=c1.zzzzzzzzzz', signedIn: true }],
				[
					{
						method: 'POST',
						path: '/api/sync/push',
						contentType: 'application/json',
						body: JSON.stringify(batch([...valid, year0])),
						signedIn: true
					}
				]
			];
			await fc.assert(
				fc.asyncProperty(requests(valid), (request) => sendAndCheck(request)),
				{ numRuns: 400, examples }
			);
		}, 120_000);
	}
);
