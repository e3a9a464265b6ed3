import * as Comlink from 'comlink';
import type { SyncWorkerApi } from '$lib/worker/sync-worker-api';

/** Starts the sync worker and returns its Comlink proxy. */
export function startSyncWorker(): Comlink.Remote<SyncWorkerApi> {
	const worker = new Worker(new URL('../worker/sync-worker.ts', import.meta.url), {
		type: 'module',
		name: 'outpost-sync'
	});
	return Comlink.wrap<SyncWorkerApi>(worker);
}

/** Wraps a callback so that the worker can call it across the thread boundary. */
export const workerCallback = <T extends (...args: never[]) => unknown>(fn: T) => Comlink.proxy(fn);
