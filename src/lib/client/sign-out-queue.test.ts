import { describe, expect, it, vi } from 'vitest';
import {
	flushSignOut,
	forgetSignOut,
	PENDING_SIGN_OUT,
	queueSignOut,
	signOutPending,
	type QueueStorage
} from './sign-out-queue';

function memoryStorage(): QueueStorage & { values: Map<string, string> } {
	const values = new Map<string, string>();
	return {
		values,
		getItem: (key) => values.get(key) ?? null,
		setItem: (key, value) => void values.set(key, value),
		removeItem: (key) => void values.delete(key)
	};
}

describe('the sign-out queue', () => {
	it('sends nothing when no sign-out is queued', async () => {
		const storage = memoryStorage();
		const send = vi.fn(async () => 204);
		expect(await flushSignOut(send, storage)).toBe(204);
		expect(send).not.toHaveBeenCalled();
	});

	it('remembers a sign-out in the page storage until the server ends the session', async () => {
		const storage = memoryStorage();
		queueSignOut(storage);
		expect(storage.values.has(PENDING_SIGN_OUT)).toBe(true);
		expect(signOutPending(storage)).toBe(true);

		expect(await flushSignOut(async () => 204, storage)).toBe(204);
		expect(signOutPending(storage)).toBe(false);
	});

	it.each([
		['the network is down', 0],
		['the server fails', 500],
		['the database is unavailable', 503],
		['the server refuses it', 403]
	])('keeps the sign-out queued when %s', async (_name, status) => {
		const storage = memoryStorage();
		queueSignOut(storage);
		expect(await flushSignOut(async () => status, storage)).toBe(status);
		expect(signOutPending(storage)).toBe(true);
	});

	it('sends a queued sign-out again after a failed try', async () => {
		const storage = memoryStorage();
		queueSignOut(storage);
		const send = vi.fn<() => Promise<number>>().mockResolvedValueOnce(0).mockResolvedValue(204);
		await flushSignOut(send, storage);
		await flushSignOut(send, storage);
		await flushSignOut(send, storage);
		expect(send).toHaveBeenCalledTimes(2);
		expect(signOutPending(storage)).toBe(false);
	});

	it('forgets a queued sign-out when told to', () => {
		const storage = memoryStorage();
		queueSignOut(storage);
		forgetSignOut(storage);
		expect(signOutPending(storage)).toBe(false);
	});
});
