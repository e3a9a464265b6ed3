import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { at, messageData, sessionData } from '../../../tests/support/record-data';
import { journalDbName } from '$lib/worker/idb-journal';
import type { RecordChange } from '$lib/worker/sync-worker-api';
import { spawnSyncWorker, type SyncWorkerHandle } from './sync-worker-client';

// A port Chromium refuses to reach (ERR_UNSAFE_PORT): every push and pull fails as offline,
// so the journal holds exactly what the page wrote.
const NOWHERE = 'http://127.0.0.1:9';
const SESSION = sessionData('s1', { title: 'Trip' });

/** Message `i` of s1, created `i` seconds after the first. */
const message = (i: number): RecordChange => {
	const id = `m${String(i).padStart(4, '0')}`;
	return {
		type: 'message',
		id,
		data: messageData(id, 's1', { content: `message ${i}`, createdAt: at(i) })
	};
};

const started: SyncWorkerHandle[] = [];
const users: string[] = [];
afterEach(async () => {
	for (const { worker } of started.splice(0)) worker.terminate();
	for (const userId of users.splice(0)) await deleteDB(journalDbName(userId));
});

/** A new sync worker with `userId`'s journal open. */
async function startWorker(userId: string): Promise<SyncWorkerHandle> {
	const handle = spawnSyncWorker();
	started.push(handle);
	await handle.api.open(userId, NOWHERE);
	return handle;
}

/** Every message of s1 as the journal gives it back, oldest first. */
async function contents(handle: SyncWorkerHandle): Promise<string[]> {
	const { messages } = await handle.api.messageWindow('s1', 10_000);
	return messages.map((m) => m.content);
}

describe('the sync worker in Chromium', () => {
	it('loses no write that resolved when the worker is terminated right after it', async () => {
		const userId = crypto.randomUUID();
		users.push(userId);
		const first = await startWorker(userId);
		const burst = Array.from({ length: 200 }, (_, i) => message(i));
		await first.api.save([{ type: 'session', id: 's1', data: SESSION }, ...burst]);
		const singles = Array.from({ length: 20 }, (_, i) => message(200 + i));
		for (const change of singles) await first.api.save([change]);
		first.worker.terminate();

		const second = await startWorker(userId);
		expect(await second.api.sessions()).toEqual([
			{ id: 's1', ...SESSION, lastActivityAt: at(219), empty: false, synced: false }
		]);
		expect(await contents(second)).toEqual(
			[...burst, ...singles].map((c) => (c.type === 'message' ? c.data.content : ''))
		);
		expect((await second.api.status()).pending).toBe(1 + burst.length + singles.length);
	});

	it('keeps all of a save cut off by a crash, or none of it', async () => {
		const burst = Array.from({ length: 500 }, (_, i) => message(i));
		/** Saves the burst in a new journal, ends the worker after `cutMs`; the messages kept. */
		async function crashDuring(cutMs: number): Promise<{ savedMs: number; kept: number }> {
			const userId = crypto.randomUUID();
			users.push(userId);
			const first = await startWorker(userId);
			const began = performance.now();
			const saved = first.api.save(burst).then(() => performance.now() - began);
			const cut = new Promise<number>((resolve) => setTimeout(() => resolve(-1), cutMs));
			const savedMs = await Promise.race([saved, cut]);
			first.worker.terminate();
			void saved.catch(() => undefined);
			return { savedMs, kept: (await contents(await startWorker(userId))).length };
		}
		// The commit comes at the end of a save: cuts around its measured time land before,
		// inside or after it, whichever it is on this run.
		const { savedMs } = await crashDuring(60_000);
		for (const share of [0.9, 0.97, 1.04]) {
			const { kept } = await crashDuring(savedMs * share);
			expect([0, burst.length]).toContain(kept);
		}
	});

	it('rejects a call the worker cannot answer with an Error the page can read', async () => {
		const { api } = spawnSyncWorker();
		const failed = api.messageWindow('s1', 10);
		await expect(failed).rejects.toBeInstanceOf(Error);
		await expect(failed).rejects.toThrow('the journal is not open: sign in first');
	});
});
