import { describe, expect, it } from 'vitest';
import {
	classifyResponse,
	problemCode,
	type ResponseKind,
	type ServerAnswer
} from './response-kind';

const NOW = Date.UTC(2026, 0, 5, 10, 0, 0);
const half = () => 0.5;
const problemOf = (status: number, code?: string) => ({
	type: code ? `urn:outpost:problem:${code}` : 'about:blank',
	title: 'Conflict',
	status,
	...(code ? { code } : {})
});

describe('classifyResponse', () => {
	it.each<[string, ServerAnswer, ResponseKind]>([
		['200', { status: 200, retryAfter: null }, { kind: 'ok' }],
		['204', { status: 204, retryAfter: null }, { kind: 'ok' }],
		['401', { status: 401, retryAfter: null }, { kind: 'signed-out' }],
		[
			'409 account_mismatch',
			{ status: 409, retryAfter: null, body: problemOf(409, 'account_mismatch') },
			{ kind: 'other-account' }
		],
		[
			'409 batch_conflict',
			{ status: 409, retryAfter: null, body: problemOf(409, 'batch_conflict') },
			{ kind: 'set-aside' }
		],
		['409 without a body', { status: 409, retryAfter: null }, { kind: 'set-aside' }],
		[
			'409 whose body is not a problem',
			{ status: 409, retryAfter: null, body: { code: 'account_mismatch' } },
			{ kind: 'set-aside' }
		],
		[
			'400 account_mismatch (not a 409)',
			{ status: 400, retryAfter: null, body: problemOf(400, 'account_mismatch') },
			{ kind: 'set-aside' }
		],
		['400', { status: 400, retryAfter: null }, { kind: 'set-aside' }],
		['413', { status: 413, retryAfter: null }, { kind: 'set-aside' }],
		['415', { status: 415, retryAfter: null }, { kind: 'set-aside' }],
		['429 with Retry-After', { status: 429, retryAfter: '30' }, { kind: 'retry', delayMs: 30_000 }],
		['503 with Retry-After', { status: 503, retryAfter: '5' }, { kind: 'retry', delayMs: 5_000 }],
		['503 without Retry-After', { status: 503, retryAfter: null }, { kind: 'retry', delayMs: 500 }],
		['500', { status: 500, retryAfter: null }, { kind: 'retry', delayMs: 500 }],
		['408', { status: 408, retryAfter: null }, { kind: 'retry', delayMs: 500 }],
		['a network error', { status: 0, retryAfter: null }, { kind: 'retry', delayMs: 500 }]
	])('classifies %s', (_name, answer, expected) => {
		expect(classifyResponse(answer, 0, NOW, half)).toEqual(expected);
	});

	it('backs off with the attempt count', () => {
		expect(classifyResponse({ status: 0, retryAfter: null }, 3, NOW, half)).toEqual({
			kind: 'retry',
			delayMs: 4_000
		});
	});
});

describe('problemCode', () => {
	it('reads the code of a problem body', () => {
		expect(problemCode(problemOf(409, 'account_mismatch'))).toBe('account_mismatch');
	});

	it.each<[string, unknown]>([
		['null', null],
		['a problem without a code', problemOf(409)],
		['an object that is not a problem', { code: 'account_mismatch' }],
		['a string', 'account_mismatch']
	])('gives nothing for %s', (_name, body) => {
		expect(problemCode(body)).toBeUndefined();
	});
});
