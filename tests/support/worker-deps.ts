import type { Journal } from '../../src/lib/worker/journal';
import { memoryJournal } from '../../src/lib/worker/memory-journal';
import type { WorkerDeps } from '../../src/lib/worker/sync-worker-service';

/**
 * What a SyncWorkerService is built from in a node test: in-memory journals kept in `journals`
 * by user id (services given one map share them, as a browser's tabs share IndexedDB), the
 * global timers (fake ones under `vi.useFakeTimers`), ids `<idPrefix>-1`, `<idPrefix>-2`…,
 * pushes a second apart, and `deps` over all that.
 */
export function memoryWorkerDeps(
	journals: Map<string, Journal>,
	deps: Pick<WorkerDeps, 'transport'> & Partial<WorkerDeps>,
	idPrefix = 'id'
): WorkerDeps {
	let ids = 0;
	return {
		openJournal: async (userId) => {
			const journal = journals.get(userId) ?? memoryJournal();
			journals.set(userId, journal);
			return journal;
		},
		deleteJournal: async (userId) => {
			journals.delete(userId);
		},
		clock: {
			setTimeout: (fn, ms) => setTimeout(fn, ms),
			clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
		},
		newId: () => `${idPrefix}-${++ids}`,
		now: () => Date.now(),
		pushWindowMs: 1_000,
		quietMs: 1_000,
		...deps
	};
}
