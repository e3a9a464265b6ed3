// The page of the worker-diff benchmark, bundled by Vite with the app's own worker client and
// worker and served at the app's origin: starts the sync worker as the app does, lets it pull
// the account's conversation, then times its `save` of the whole conversation with one
// message changed.
import type { Remote } from 'comlink';
import { spawnSyncWorker, workerCallback } from '$lib/client/sync-worker-client';
import type { ChangeNotice, RecordChange, SyncWorkerApi } from '$lib/worker/sync-worker-api';
import { conversation, CONVERSATION_ID } from '../conversation';
import { WORKER_DIFF_SESSION } from './session';

/** What one size measured, in ms as the page sees them (the copy to the worker included). */
export interface WorkerDiffFigures {
	/**
	 * Saves of the whole conversation with one message changed, after one unmeasured; each
	 * once the previous one is on the server, as on a device whose history is synced.
	 */
	oneChangedMs: number[];
	/** The same call to a worker with no journal open, which refuses it once it has the records. */
	copyMs: number[];
}

declare global {
	interface Window {
		outpostWorkerDiff(userId: string, size: number, runs: number): Promise<WorkerDiffFigures>;
	}
}

/** The conversation with message `k` (of those after the session) edited now, as the app edits. */
function withOneChanged(changes: RecordChange[], k: number): RecordChange[] {
	const index = 1 + (k % (changes.length - 1));
	const updatedAt = new Date().toISOString();
	return changes.map((change, i) =>
		i === index && change.type === 'message'
			? {
					...change,
					data: { ...change.data, content: `${change.data.content} (edit ${k})`, updatedAt }
				}
			: change
	);
}

async function timed(work: () => Promise<unknown>): Promise<number> {
	const start = performance.now();
	await work();
	return performance.now() - start;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the worker holds the newest message, has pushed everything, and is idle. */
async function synced(worker: Remote<SyncWorkerApi>, newestId: string): Promise<void> {
	const deadline = performance.now() + 600_000;
	for (;;) {
		const status = await worker.status();
		if (status.refused.length > 0) throw new Error(`a batch was refused: ${status.refused[0]}`);
		const idle = status.pending === 0 && status.outbox === 0 && status.state === 'idle';
		if (idle && (await worker.messagesByIds(CONVERSATION_ID, [newestId])).length === 1) return;
		if (performance.now() > deadline) throw new Error('the worker did not sync in time');
		await pause(50);
	}
}

const writtenIds = (notice: ChangeNotice) => [
	...notice.sessions,
	...notice.messages.flatMap((m) => m.ids)
];

window.outpostWorkerDiff = async (userId, size, runs) => {
	const { api: worker, worker: thread } = spawnSyncWorker();
	const notices: ChangeNotice[] = [];
	await worker.subscribe(workerCallback((notice: ChangeNotice) => void notices.push(notice)));
	await worker.open(userId, location.origin);
	let changes = conversation(size, WORKER_DIFF_SESSION);
	const newestId = changes.at(-1)?.id ?? '';
	await synced(worker, newestId);
	const oneChangedMs: number[] = [];
	for (let k = 0; k <= runs; k++) {
		changes = withOneChanged(changes, k);
		notices.length = 0;
		const ms = await timed(() => worker.save(changes));
		await synced(worker, newestId);
		// The save's own notice comes first: it names what the save wrote.
		const written = notices.map(writtenIds).find((ids) => ids.length > 0) ?? [];
		if (written.length !== 1)
			throw new Error(`one change wrote ${written.join(', ') || 'nothing'}`);
		if (k > 0) oneChangedMs.push(ms);
	}
	await worker.close();
	thread.terminate();
	const { api: idle, worker: idleThread } = spawnSyncWorker();
	const copyMs: number[] = [];
	for (let k = 0; k <= runs; k++) {
		const ms = await timed(() => idle.save(changes).catch(() => undefined));
		if (k > 0) copyMs.push(ms);
	}
	idleThread.terminate();
	return { oneChangedMs, copyMs };
};
