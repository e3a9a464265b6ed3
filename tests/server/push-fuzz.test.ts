import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { leaksIn, signUp, type Account } from '../support/api-client';
import { batch, message, session } from '../support/records';
import { startServerOn, type ServerProcess } from '../support/server-process';
import { problem } from '$lib/protocol/problem';
import { junk, oddString, RawJson, toJsonText, validId } from '../support/fuzz-values';

/** Arrays nested `depth` deep. */
const deepNesting = fc
	.integer({ min: 1, max: 20_000 })
	.map((depth) => new RawJson('['.repeat(depth) + ']'.repeat(depth)));

async function validRecords(): Promise<unknown[]> {
	return [
		await session('fz-s'),
		await message('fz-m', 'fz-s'),
		{ type: 'message', id: 'fz-d', op: 'delete' },
		await session('fz-s2', { title: 'T\u{1f600}' })
	];
}

/** A record-like object with some fields valid, some junk, some missing, some extra. */
function recordLike(valid: readonly unknown[]): fc.Arbitrary<unknown> {
	const fromValid = fc
		.tuple(
			fc.constantFrom(...valid),
			fc.constantFrom('type', 'id', 'op', 'hash', 'data', 'extra'),
			junk,
			fc.constantFrom(
				'title',
				'sessionId',
				'role',
				'content',
				'inputTokens',
				'createdAt',
				'updatedAt',
				'status'
			)
		)
		.map(([record, key, value, dataKey]) => {
			const copy = structuredClone(record) as Record<string, unknown>;
			if (key === 'data' && typeof copy.data === 'object' && copy.data !== null) {
				(copy.data as Record<string, unknown>)[dataKey] = value;
			} else {
				copy[key] = value;
			}
			return copy;
		});
	return fc.oneof(
		fc.constantFrom(...valid),
		fromValid,
		fc.record(
			{
				type: fc.oneof(fc.constantFrom('session', 'message'), junk),
				id: fc.oneof(validId, junk),
				op: fc.oneof(fc.constantFrom('upsert', 'delete'), junk),
				hash: fc.oneof(fc.stringMatching(/^sha256:[0-9a-f]{64}$/), junk),
				data: fc.oneof(fc.dictionary(oddString, junk, { maxKeys: 6 }), junk, deepNesting)
			},
			{ requiredKeys: [] }
		),
		fc.dictionary(oddString, junk, { maxKeys: 4 })
	);
}

/** What a request carried, for the checks on its answer. */
interface Sent {
	contentType: string;
	body: string;
}

describe('the push endpoint under fuzzed bodies', () => {
	let server: ServerProcess;
	let account: Account;
	let valid: unknown[];

	beforeAll(async () => {
		server = await startServerOn('postgres', inject('postgresUrl'), { syncRateLimit: 0 });
		account = await signUp(server.url);
		valid = await validRecords();
	});
	afterAll(() => server?.stop());

	/** Sends one body and checks the answer against the contract; throws with the details when it breaks it. */
	async function sendAndCheck({ contentType, body }: Sent): Promise<void> {
		const response = await fetch(`${server.url}/api/sync/push`, {
			method: 'POST',
			// The page sends its own origin; without it SvelteKit refuses form-like types itself
			// (covered in api-errors.pg.test.ts).
			headers: { 'content-type': contentType, cookie: account.cookie, origin: server.url },
			body: new TextEncoder().encode(body)
		});
		const text = await response.text();
		const context = `${response.status} ${response.headers.get('content-type')} ${text.slice(0, 300)}`;
		expect(response.status, context).toBeLessThan(500);
		const sentAsJson = /^application\/json\s*(;|$)/i.test(contentType.trim());
		expect(response.status === 415, `${contentType}: ${context}`).toBe(!sentAsJson);
		if (response.status >= 400) {
			expect(response.headers.get('content-type') ?? '', context).toMatch(
				/^application\/problem\+json\b/
			);
			const parsed = problem.safeParse(JSON.parse(text));
			expect(parsed.success, context).toBe(true);
			expect(parsed.data?.status, context).toBe(response.status);
			expect(leaksIn(text), context).toEqual([]);
			return;
		}
		expect(response.status, context).toBe(200);
		const records = (JSON.parse(body) as { records: unknown[] }).records;
		const answer = JSON.parse(text) as { results: { message?: string }[] };
		expect(answer.results.length, context).toBe(records.length);
		// Rejections explain themselves without internals (record data is echoed, so only messages).
		const messages = answer.results.map((r) => r.message ?? '').join('\n');
		expect(leaksIn(messages), context).toEqual([]);
	}

	const check = (arbitrary: fc.Arbitrary<Sent>, numRuns: number) =>
		fc.assert(
			fc.asyncProperty(arbitrary, async (request) => {
				await sendAndCheck(request);
			}),
			{ numRuns }
		);

	const json = (body: unknown): Sent => ({
		contentType: 'application/json',
		body: toJsonText(body)
	});

	it('answers arbitrary JSON values without a 5xx', async () => {
		await check(fc.jsonValue().map(json), 200);
	}, 60_000);

	it('answers envelopes with wrong field types, extra keys and odd strings without a 5xx', async () => {
		const envelope = fc
			.tuple(
				fc.record(
					{
						protocol: fc.oneof(fc.constant(1), junk),
						clientId: fc.oneof(validId, junk),
						batchId: fc.oneof(validId, junk),
						records: fc.oneof(fc.array(recordLike(valid), { maxLength: 6 }), junk)
					},
					{ requiredKeys: [] }
				),
				fc.dictionary(oddString, junk, { maxKeys: 2 })
			)
			.map(([fields, extra]) => json({ ...extra, ...fields }));
		await check(envelope, 250);
	}, 60_000);

	it('answers valid envelopes whose records are junk with one result per record', async () => {
		const envelope = fc
			.array(
				fc.oneof({ weight: 6, arbitrary: recordLike(valid) }, { weight: 1, arbitrary: junk }),
				{
					maxLength: 12
				}
			)
			.map((records) => json(batch(records)));
		await check(envelope, 300);
	}, 60_000);

	it('answers truncated and corrupted JSON text without a 5xx', async () => {
		const corrupted = fc
			.tuple(fc.array(recordLike(valid), { maxLength: 4 }), fc.nat(), oddString, fc.boolean())
			.map(([records, at, insert, cut]) => {
				const text = toJsonText(batch(records));
				const position = at % Math.max(1, text.length);
				return {
					contentType: 'application/json',
					body: cut
						? text.slice(0, position)
						: text.slice(0, position) + insert + text.slice(position)
				};
			});
		await check(corrupted, 150);
	}, 60_000);

	it('answers a body sent as anything but JSON with 415, and never a 5xx', async () => {
		const types = fc.oneof(
			fc.constantFrom(
				'text/plain',
				'text/plain;charset=UTF-8',
				'application/x-www-form-urlencoded',
				'multipart/form-data; boundary=x',
				'application/xml',
				'application/jsonp',
				'application/json-patch+json',
				'text/json',
				'json',
				'*/*',
				'application/json; charset=utf-8',
				'APPLICATION/JSON'
			),
			fc.stringMatching(/^[a-z]{1,12}\/[a-z0-9.+-]{1,16}(; ?[a-z]{1,8}=[a-z0-9-]{1,8})?$/)
		);
		const request = fc
			.tuple(types, fc.array(recordLike(valid), { maxLength: 3 }))
			.map(([contentType, records]) => ({ contentType, body: toJsonText(batch(records)) }));
		await check(request, 120);
	}, 60_000);
});
