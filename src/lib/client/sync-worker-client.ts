import * as Comlink from 'comlink';
import type { SyncWorkerApi } from '$lib/worker/sync-worker-api';

/** A running sync worker: its Comlink proxy, and the worker itself to end it. */
export interface SyncWorkerHandle {
	api: Comlink.Remote<SyncWorkerApi>;
	worker: Worker;
}

/** Starts a sync worker. */
export function spawnSyncWorker(): SyncWorkerHandle {
	const worker = new Worker(new URL('../worker/sync-worker.ts', import.meta.url), {
		type: 'module',
		name: 'outpost-sync'
	});
	return { api: Comlink.wrap<SyncWorkerApi>(worker), worker };
}

/** Starts the sync worker and returns its Comlink proxy. */
export function startSyncWorker(): Comlink.Remote<SyncWorkerApi> {
	return spawnSyncWorker().api;
}

/** Wraps a callback so that the worker can call it across the thread boundary. */
export const workerCallback = <T extends (...args: never[]) => unknown>(fn: T) => Comlink.proxy(fn);
