import { describe, expect, inject, it } from 'vitest';
import { crashAndReplay } from '../../../../tests/support/crash-replay';
import { BACKENDS } from '../../../../tests/support/databases';

const BATCHES = 24;
const PER_BATCH = 20;

describe.each(BACKENDS)('a server killed with SIGKILL while it applies batches (%s)', (backend) => {
	it('stores each batch whole or not at all, and exactly once after the client replays', async () => {
		const outcome = await crashAndReplay({
			backend,
			postgresUrl: inject('postgresUrl'),
			pgbouncerUrl: inject('pgbouncerUrl'),
			batches: BATCHES,
			messagesPerBatch: PER_BATCH,
			inFlight: 4,
			killAfterAcks: 6
		});
		expect(outcome.acknowledged).toBeGreaterThanOrEqual(6);
		expect(outcome.acknowledged).toBeLessThan(BATCHES);
		expect({
			partial: outcome.partial,
			lostAcknowledged: outcome.lostAcknowledged,
			missing: outcome.missing,
			doubled: outcome.doubled,
			usageSent: outcome.usageSent
		}).toEqual({
			partial: 0,
			lostAcknowledged: 0,
			missing: 0,
			doubled: 0,
			usageSent: BATCHES * PER_BATCH
		});
		expect(Object.keys(outcome.replayStatuses)).toEqual(['200']);
	}, 60_000);
});
