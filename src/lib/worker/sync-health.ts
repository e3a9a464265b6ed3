import { z } from 'zod';
import { problemCode } from '$lib/sync/response-kind';
import type { PassOutcome } from '$lib/sync/sync-loop';
import type { Transport, TransportResponse } from './transport';

/**
 * What the device knows of how its syncs went, for the page's sync area: when a pass last went
 * through, and why the last one failed since. Kept in the journal's meta store, so that every
 * tab of the account reads what the tab that syncs wrote.
 */

/** The journal meta entry that holds the sync health, as JSON. */
export const SYNC_HEALTH_META = 'syncHealth';

/** Why a sync pass failed: the HTTP status (0: the server could not be reached) and code. */
export const syncFailure = z.object({
	status: z.number().int(),
	/** The problem's code, when the server sent one. */
	code: z.string().nullable(),
	/** When it failed (epoch ms). */
	at: z.number()
});
export type SyncFailure = z.infer<typeof syncFailure>;

/** How the account's syncs went, as the sync area shows it. */
export const syncHealth = z.object({
	/** When a pass last ended with everything sent and pulled (epoch ms), or null. */
	lastSyncedAt: z.number().nullable(),
	/** Why the last pass failed, or null when the last one went through. */
	lastError: syncFailure.nullable()
});
export type SyncHealth = z.infer<typeof syncHealth>;

/** A journal that never synced. */
export const NO_HEALTH: SyncHealth = { lastSyncedAt: null, lastError: null };

/** Reads the stored health (written by any version of the app): anything unreadable is none. */
export function readSyncHealth(stored: string | undefined): SyncHealth {
	if (!stored) return NO_HEALTH;
	try {
		const parsed = syncHealth.safeParse(JSON.parse(stored));
		return parsed.success ? parsed.data : NO_HEALTH;
	} catch {
		return NO_HEALTH;
	}
}

/**
 * The health after a pass that ended with `outcome`, where `failure` is the last answer of the
 * pass that asked for a retry (none when every answer was fine). A pass that ends idle synced
 * everything; one that retries failed, for the reason `failure` gives (a retry without one,
 * such as a message waiting for its session, is no failure: the server answered). Signed out
 * and another account leave it as it was: the loop's state tells those.
 */
export function healthAfterPass(
	previous: SyncHealth,
	outcome: PassOutcome,
	failure: Omit<SyncFailure, 'at'> | null,
	now: number
): SyncHealth {
	if (outcome.next === 'idle') return { lastSyncedAt: now, lastError: null };
	if (outcome.next !== 'retry') return previous;
	const lastError = failure ? { ...failure, at: now } : null;
	return lastError === null && previous.lastError === null
		? previous
		: { lastSyncedAt: previous.lastSyncedAt, lastError };
}

/** Whether an answer means "try again later" (the status table of docs/protocol.md). */
function isTransient(answer: TransportResponse): boolean {
	const { status } = answer;
	return status === 0 || status === 408 || status === 429 || status >= 500;
}

/**
 * Wraps a transport so that the failures a pass meets are noted: `failure()` gives the last
 * transient failure since `reset()`.
 */
export class PassFailures {
	#last: Omit<SyncFailure, 'at'> | null = null;

	/** Forgets the failures noted so far (a pass starts). */
	reset(): void {
		this.#last = null;
	}

	/** The last transient failure since reset(), if any. */
	failure(): Omit<SyncFailure, 'at'> | null {
		return this.#last;
	}

	/** `transport`, noting every transient failure it answers. */
	watch(transport: Transport): Transport {
		const note = (answer: TransportResponse) => {
			if (isTransient(answer)) {
				this.#last = { status: answer.status, code: problemCode(answer.body) ?? null };
			}
			return answer;
		};
		return {
			push: async (body) => note(await transport.push(body)),
			pull: async (cursor, limit, accountId, order) =>
				note(await transport.pull(cursor, limit, accountId, order))
		};
	}
}
