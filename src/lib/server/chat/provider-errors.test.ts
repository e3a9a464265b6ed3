import { describe, expect, it } from 'vitest';
import { readableDuration, retryAfterMs, statusError, timeoutError } from './provider-errors';

describe('provider errors', () => {
	it.each([
		[60_000, '60 s'],
		[1500, '1.5 s'],
		[300, '300 ms']
	])('writes %i ms as "%s"', (ms, text) => {
		expect(readableDuration(ms)).toBe(text);
	});

	it('says how long the provider was waited for', () => {
		expect(timeoutError(60_000).message).toBe('The model provider did not answer within 60 s.');
	});

	it.each([
		['seconds', { 'retry-after': '7' }, 7000],
		['fractional seconds', { 'retry-after': '0.5' }, 500],
		['milliseconds, preferred', { 'retry-after-ms': '1200', 'retry-after': '7' }, 1200],
		['an HTTP date', { 'retry-after': new Date(1_000_000 + 30_000).toUTCString() }, 30_000],
		['a date in the past', { 'retry-after': new Date(0).toUTCString() }, 0],
		['nonsense', { 'retry-after': 'soon' }, undefined],
		['no header', {}, undefined]
	])('reads a Retry-After of %s', (_name, headers, ms) => {
		expect(retryAfterMs(new Headers(headers), 1_000_000)).toBe(ms);
	});

	it.each([
		[401, 'auth', false],
		[403, 'auth', false],
		[400, 'refused', false],
		[404, 'refused', false],
		[422, 'refused', false],
		[408, 'timeout', true],
		[429, 'rate', true],
		[500, 'server', true],
		[502, 'server', true],
		[503, 'server', true]
	] as const)('classes a %i answer as %s (retryable: %s)', (status, kind, retryable) => {
		expect(statusError(status, undefined, 'm')).toMatchObject({ kind, retryable, status });
	});

	it('keeps the wait a 503 asks for', () => {
		const error = statusError(503, new Headers({ 'retry-after': '3' }), 'm');
		expect(error.retryAfterMs).toBe(3000);
		expect(error.code).toBe('provider_server');
	});
});
