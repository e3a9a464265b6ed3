import { describe, expect, it } from 'vitest';
import { replayStep } from './replay-step';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const half = () => 0.5;

describe('replayStep', () => {
	it.each([200, 201, 204])('%i: delivered', (status) => {
		expect(replayStep({ status, retryAfter: null }, 0, NOW)).toEqual({ next: 'delivered' });
	});

	it.each([0, 408, 429, 500, 502, 503, 504])('%i: kept, retried after the backoff', (status) => {
		expect(replayStep({ status, retryAfter: null }, 3, NOW, half)).toEqual({
			next: 'retry',
			delayMs: 4_000,
			serverAsked: false
		});
	});

	it('honours Retry-After in seconds and as a date', () => {
		expect(replayStep({ status: 429, retryAfter: '2' }, 0, NOW)).toEqual({
			next: 'retry',
			delayMs: 2_000,
			serverAsked: true
		});
		expect(
			replayStep({ status: 503, retryAfter: 'Mon, 30 Nov 2026 12:00:30 GMT' }, 0, NOW)
		).toEqual({ next: 'retry', delayMs: 30_000, serverAsked: true });
	});

	it('caps the backoff at 5 minutes', () => {
		expect(replayStep({ status: 500, retryAfter: null }, 40, NOW, () => 0.999_999)).toEqual({
			next: 'retry',
			delayMs: 299_999,
			serverAsked: false
		});
	});

	it.each([400, 404, 409, 413, 415, 422])('%i: set aside', (status) => {
		expect(replayStep({ status, retryAfter: null }, 0, NOW)).toEqual({ next: 'set-aside' });
	});

	it('sets a batch of another account aside (409 account_mismatch)', () => {
		const body = {
			type: 'about:blank',
			title: 'Conflict',
			status: 409,
			code: 'account_mismatch'
		};
		expect(replayStep({ status: 409, retryAfter: null, body }, 0, NOW)).toEqual({
			next: 'set-aside'
		});
	});

	it('401: waits for a sign-in', () => {
		expect(replayStep({ status: 401, retryAfter: null }, 0, NOW)).toEqual({
			next: 'wait-sign-in'
		});
	});
});
