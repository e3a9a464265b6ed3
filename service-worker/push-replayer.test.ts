import { describe, expect, it } from 'vitest';
import type { ServerAnswer } from '$lib/sync/response-kind';
import type { PushReplayed } from '$lib/sync/service-worker-messages';
import { PushReplayer, type PushStore, type QueuedPush } from './push-replayer';

/** Workbox's queue as an array, with the calls that change it. */
class ArrayQueue implements PushStore {
	entries: QueuedPush[] = [];
	writes: string[] = [];
	async getAll() {
		return [...this.entries];
	}
	async shiftRequest() {
		this.writes.push('shift');
		return this.entries.shift();
	}
	async pushRequest(entry: QueuedPush) {
		this.writes.push('push');
		this.entries.push(entry);
	}
}

const push = (batchId: string) =>
	new Request('https://outpost.test/api/sync/push', {
		method: 'POST',
		body: JSON.stringify({ batchId })
	});

const answer = (status: number, retryAfter: string | null = null, body: unknown = null) => ({
	status,
	retryAfter,
	body
});

/** A replayer over a fake clock: `sleep` moves the clock; `answers` are given out in order. */
function harness(answers: ServerAnswer[], options: { maxWaitMs?: number; online?: boolean } = {}) {
	const queue = new ArrayQueue();
	const sent: { batchId: string; at: number }[] = [];
	const told: PushReplayed[] = [];
	let clock = 1_000_000;
	let online = options.online ?? true;
	const replayer = new PushReplayer({
		queue,
		async send(request) {
			const { batchId } = (await request.json()) as { batchId: string };
			sent.push({ batchId, at: clock });
			const next = answers.shift();
			if (!next) throw new Error('no answer scripted');
			return next;
		},
		async notify(message) {
			told.push(message);
		},
		isOnline: () => online,
		now: () => clock,
		async sleep(ms) {
			clock += ms;
		},
		random: () => 0.5,
		maxWaitMs: options.maxWaitMs ?? 60_000
	});
	return {
		queue,
		sent,
		told,
		replayer,
		setOnline: (value: boolean) => (online = value),
		keep: (batchId: string) => replayer.keep(push(batchId))
	};
}

describe('PushReplayer', () => {
	it('replays the queue in order, one at a time, and tells the pages', async () => {
		const h = harness([answer(200), answer(200)]);
		await h.keep('a');
		await h.keep('b');
		expect(await h.replayer.flush()).toBe('empty');
		expect(h.sent.map((s) => s.batchId)).toEqual(['a', 'b']);
		expect(h.told).toEqual([
			{ type: 'outpost:push-replayed', batchId: 'a', outcome: 'delivered', status: 200 },
			{ type: 'outpost:push-replayed', batchId: 'b', outcome: 'delivered', status: 200 }
		]);
		expect(h.queue.entries).toEqual([]);
	});

	it('keeps one copy of a batch queued twice', async () => {
		const h = harness([answer(200)]);
		await h.keep('a');
		await h.keep('a');
		expect(h.queue.entries).toHaveLength(1);
		await h.replayer.flush();
		expect(h.sent).toHaveLength(1);
	});

	it('keeps a batch through 503, 503 and 429, and sends it again no sooner than Retry-After says', async () => {
		const h = harness([answer(503), answer(503), answer(429, '2'), answer(200), answer(200)]);
		await h.keep('a');
		await h.keep('b');
		expect(await h.replayer.flush()).toBe('empty');
		// b waits behind a: one replay at a time, in order.
		expect(h.sent.map((s) => s.batchId)).toEqual(['a', 'a', 'a', 'a', 'b']);
		const [, , third, fourth] = h.sent;
		expect(fourth!.at - third!.at).toBe(2_000);
		expect(h.told.map((t) => [t.batchId, t.outcome])).toEqual([
			['a', 'delivered'],
			['b', 'delivered']
		]);
	});

	it('counts the failures of a kept batch for its backoff, across flushes, and starts again for the next batch', async () => {
		const h = harness([answer(500), answer(500), answer(200), answer(500)], { maxWaitMs: 0 });
		await h.keep('a');
		await h.keep('b');
		expect(await h.replayer.flush()).toBe('later');
		// Full jitter at 0.5: 500 ms after the first failure, 1 s after the second.
		expect(h.replayer.notBefore - h.sent[0]!.at).toBe(500);
		h.replayer.retryNow();
		expect(await h.replayer.flush()).toBe('later');
		expect(h.replayer.notBefore - h.sent[1]!.at).toBe(1_000);
		h.replayer.retryNow();
		expect(await h.replayer.flush()).toBe('later');
		expect(h.sent.map((s) => s.batchId)).toEqual(['a', 'a', 'a', 'b']);
		expect(h.replayer.notBefore - h.sent[3]!.at).toBe(500);
	});

	it('leaves a batch it retries in place, so a service worker stopped during the wait still holds it', async () => {
		const h = harness([answer(503), answer(0), answer(500)], { maxWaitMs: 0 });
		await h.keep('a');
		await h.keep('b');
		const kept = [...h.queue.entries];
		for (let i = 0; i < 3; i++) {
			h.replayer.retryNow();
			expect(await h.replayer.flush()).toBe('later');
		}
		expect(h.queue.writes).toEqual(['push', 'push']);
		expect(h.queue.entries).toEqual(kept);
	});

	it('treats a network error or a timeout (status 0) and 408 as worth retrying', async () => {
		const h = harness([answer(0), answer(408), answer(200)]);
		await h.keep('a');
		expect(await h.replayer.flush()).toBe('empty');
		expect(h.sent).toHaveLength(3);
		expect(h.told.map((t) => t.outcome)).toEqual(['delivered']);
	});

	it.each([400, 409, 413, 415])(
		'sets a batch answered %i aside, tells the pages and goes on with the next',
		async (status) => {
			const h = harness([answer(status), answer(200)]);
			await h.keep('bad');
			await h.keep('good');
			expect(await h.replayer.flush()).toBe('empty');
			expect(h.told).toEqual([
				{ type: 'outpost:push-replayed', batchId: 'bad', outcome: 'refused', status },
				{ type: 'outpost:push-replayed', batchId: 'good', outcome: 'delivered', status: 200 }
			]);
			expect(h.queue.entries).toEqual([]);
		}
	);

	it('keeps a batch answered 401 first in line and stops until someone signs in', async () => {
		const h = harness([answer(401), answer(200), answer(200)]);
		await h.keep('a');
		await h.keep('b');
		expect(await h.replayer.flush()).toBe('signed-out');
		expect(h.queue.entries.map((e) => e.metadata?.batchId)).toEqual(['a', 'b']);
		expect(h.told).toEqual([]);
		expect(await h.replayer.flush()).toBe('empty');
		expect(h.sent.map((s) => s.batchId)).toEqual(['a', 'a', 'b']);
	});

	it('waits as long as the answer that made the page queue a push asked', async () => {
		const h = harness([answer(200)]);
		const start = 1_000_000;
		await h.replayer.keep(push('a'), { delayMs: 5_000, serverAsked: true });
		// A trigger (online, a sync event) does not cut the server's Retry-After short.
		h.replayer.retryNow();
		expect(h.replayer.notBefore).toBe(start + 5_000);
		await h.replayer.flush();
		expect(h.sent).toEqual([{ batchId: 'a', at: start + 5_000 }]);
	});

	it('cuts the backoff short when asked to retry now', async () => {
		const h = harness([answer(200)]);
		await h.replayer.keep(push('a'), { delayMs: 5_000, serverAsked: false });
		h.replayer.retryNow();
		await h.replayer.flush();
		expect(h.sent).toEqual([{ batchId: 'a', at: 1_000_000 }]);
	});

	it('sends nothing while offline', async () => {
		const h = harness([answer(200)], { online: false });
		await h.keep('a');
		expect(await h.replayer.flush()).toBe('offline');
		expect(h.sent).toEqual([]);
		h.setOnline(true);
		expect(await h.replayer.flush()).toBe('empty');
		expect(h.sent).toHaveLength(1);
	});

	it('trusts a sync event that the network is back before navigator.onLine says so', async () => {
		const h = harness([answer(200)], { online: false });
		await h.keep('a');
		expect(await h.replayer.flush('online')).toBe('empty');
		expect(h.sent).toHaveLength(1);
	});

	it('runs one flush at a time: a second call joins the first and what it queued is sent too', async () => {
		const h = harness([answer(200), answer(200)]);
		await h.keep('a');
		const first = h.replayer.flush();
		expect(h.replayer.busy).toBe(true);
		await h.keep('b');
		const second = h.replayer.flush();
		expect(await first).toBe('empty');
		expect(await second).toBe('empty');
		await h.replayer.idle();
		expect(h.replayer.busy).toBe(false);
		expect(h.sent.map((s) => s.batchId)).toEqual(['a', 'b']);
	});
});
