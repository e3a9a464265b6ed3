import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Database, ListenOptions } from '../db/database';
import { EventHub } from './event-hub';
import { startLiveHub } from './live-hub';
import { CHANGES_CHANNEL, LIVE_CHANNELS, type LiveEvent } from './notifications';

/**
 * A database that only listens: what the hub asked for, and a query answered by `answer`.
 * The connection loss itself is PostgreSQL's (see live-hub.pg.test.ts); this drives the
 * hub's side of it.
 */
function listeningDatabase(answer: () => Promise<unknown[]>) {
	const listeners = new Map<string, { onPayload: (p: string) => void } & ListenOptions>();
	const stopped: string[] = [];
	const query = vi.fn(answer);
	const db = {
		query,
		async listen(channel: string, onPayload: (p: string) => void, options: ListenOptions = {}) {
			listeners.set(channel, { onPayload, ...options });
			return async () => void stopped.push(channel);
		}
	} as unknown as Database;
	const reconnect = () => {
		for (const listener of listeners.values()) listener.onReconnect?.();
	};
	return { db, listeners, stopped, query, reconnect };
}

/** A subscriber that keeps what it is sent and whether it was closed. */
function stream() {
	const events: LiveEvent[] = [];
	const subscriber = {
		events,
		closed: false,
		send: (e: LiveEvent) => void events.push(e),
		close: () => void (subscriber.closed = true)
	};
	return subscriber;
}

describe('startLiveHub', () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	it('listens on every live channel and hands their payloads to the hub', async () => {
		const fake = listeningDatabase(async () => []);
		const hub = new EventHub();
		const live = await startLiveHub(fake.db, hub);
		expect([...fake.listeners.keys()]).toEqual([...LIVE_CHANNELS]);
		const a = stream();
		hub.subscribe('a', a);
		fake.listeners.get(CHANGES_CHANNEL)?.onPayload('{"u":"a","c":"c1.2"}');
		expect(a.events).toEqual([{ name: 'change', data: { cursor: 'c1.2' } }]);
		await live.stop();
		expect(fake.stopped).toEqual([...LIVE_CHANNELS]);
	});

	it('reads the cursors once for all the channels that listen again', async () => {
		vi.useFakeTimers();
		const fake = listeningDatabase(async () => [{ user_id: 'a', cursor: 'c1.9' }]);
		const hub = new EventHub();
		await startLiveHub(fake.db, hub);
		const a = stream();
		hub.subscribe('a', a);
		fake.reconnect();
		await vi.advanceTimersByTimeAsync(1000);
		expect(fake.query).toHaveBeenCalledOnce();
		expect(a.events).toEqual([{ name: 'change', data: { cursor: 'c1.9' } }]);
	});

	it('ends every stream when the cursors cannot be read after a reconnect', async () => {
		vi.useFakeTimers();
		const fake = listeningDatabase(() => Promise.reject(new Error('database away')));
		const log = vi.fn();
		const hub = new EventHub();
		await startLiveHub(fake.db, hub, { log });
		const a = stream();
		hub.subscribe('a', a);
		fake.reconnect();
		await vi.advanceTimersByTimeAsync(1000);
		expect(a.closed).toBe(true);
		expect(log).toHaveBeenCalledOnce();
	});

	it('stops the channels it listened on when one cannot listen', async () => {
		const fake = listeningDatabase(async () => []);
		const listen = fake.db.listen.bind(fake.db);
		fake.db.listen = async (channel, onPayload, options) => {
			if (channel !== CHANGES_CHANNEL) throw new Error('refused');
			return listen(channel, onPayload, options);
		};
		await expect(startLiveHub(fake.db, new EventHub())).rejects.toThrow('refused');
		expect(fake.stopped).toEqual([CHANGES_CHANNEL]);
	});
});
