import { describe, expect, it } from 'vitest';
import type { PassOutcome } from '$lib/sync/sync-loop';
import { healthAfterPass, NO_HEALTH, PassFailures, readSyncHealth } from './sync-health';
import type { Transport, TransportResponse } from './transport';

const BUSY = { status: 503, code: 'database_unavailable' };
const EARLIER = { lastSyncedAt: 1_000, lastError: null };

describe('healthAfterPass', () => {
	const cases: {
		name: string;
		outcome: PassOutcome;
		failure: typeof BUSY | null;
		expected: ReturnType<typeof healthAfterPass>;
	}[] = [
		{
			name: 'a pass that ends idle synced everything, now',
			outcome: { next: 'idle' },
			failure: null,
			expected: { lastSyncedAt: 5_000, lastError: null }
		},
		{
			name: 'a retry after a 503 keeps the last sync time and says why',
			outcome: { next: 'retry', delayMs: 1_000 },
			failure: BUSY,
			expected: { lastSyncedAt: 1_000, lastError: { ...BUSY, at: 5_000 } }
		},
		{
			name: 'a retry without a failure (a message waiting for its session) is no failure',
			outcome: { next: 'retry', delayMs: 1_000 },
			failure: null,
			expected: EARLIER
		},
		{
			name: 'signed out leaves it to the loop state',
			outcome: { next: 'signed-out' },
			failure: null,
			expected: EARLIER
		}
	];
	for (const { name, outcome, failure, expected } of cases) {
		it(name, () => {
			expect(healthAfterPass(EARLIER, outcome, failure, 5_000)).toEqual(expected);
		});
	}

	it('forgets an earlier failure once the server answers again, even with a retry', () => {
		const failed = { lastSyncedAt: 1_000, lastError: { ...BUSY, at: 2_000 } };
		const after = healthAfterPass(failed, { next: 'retry', delayMs: 1_000 }, null, 5_000);
		expect(after).toEqual(EARLIER);
	});
});

describe('readSyncHealth', () => {
	it('reads what was written and treats anything else as never synced', () => {
		const health = { lastSyncedAt: 1, lastError: { status: 0, code: null, at: 2 } };
		expect(readSyncHealth(JSON.stringify(health))).toEqual(health);
		expect(readSyncHealth(undefined)).toEqual(NO_HEALTH);
		expect(readSyncHealth('{not json')).toEqual(NO_HEALTH);
		expect(readSyncHealth('{"lastSyncedAt":"yesterday"}')).toEqual(NO_HEALTH);
	});
});

describe('PassFailures', () => {
	const answer = (status: number, body: unknown = null): TransportResponse => ({
		status,
		retryAfter: null,
		body
	});

	it('notes the last transient failure of a pass, with its problem code, until reset', async () => {
		const answers = [
			answer(0),
			answer(503, { type: 't', title: 'x', status: 503, code: 'database_unavailable' }),
			answer(200),
			answer(400)
		];
		const transport: Transport = {
			push: async () => answers.shift() ?? answer(200),
			pull: async () => answers.shift() ?? answer(200)
		};
		const failures = new PassFailures();
		const watched = failures.watch(transport);
		await watched.push('{}');
		expect(failures.failure()).toEqual({ status: 0, code: null });
		await watched.pull(undefined, 10, 'a');
		await watched.push('{}');
		await watched.push('{}');
		expect(failures.failure()).toEqual({ status: 503, code: 'database_unavailable' });
		failures.reset();
		expect(failures.failure()).toBeNull();
	});
});
