import { describe, expect, it, vi } from 'vitest';
import { EventHub, MAX_STREAMS_PER_USER, type Subscriber } from './event-hub';
import { CHANGES_CHANNEL, REPLY_TEXT_CHANNEL, type LiveEvent } from './notifications';

/** A subscriber that keeps what it is sent. */
function stream() {
	const events: LiveEvent[] = [];
	const subscriber = { events, closed: 0, send: (e: LiveEvent) => events.push(e), close() {} };
	subscriber.close = () => void subscriber.closed++;
	return subscriber;
}

const change = (cursor: string): LiveEvent => ({ name: 'change', data: { cursor } });

describe('EventHub', () => {
	it("sends a change to every stream of its user and to nobody else's", () => {
		const hub = new EventHub();
		const [a1, a2, b] = [stream(), stream(), stream()];
		hub.subscribe('a', a1);
		hub.subscribe('a', a2);
		hub.subscribe('b', b);
		hub.receive(CHANGES_CHANNEL, '{"u":"a","c":"c1.5"}');
		expect(a1.events).toEqual([change('c1.5')]);
		expect(a2.events).toEqual([change('c1.5')]);
		expect(b.events).toEqual([]);
	});

	it('sends a piece of reply text as a reply event', () => {
		const hub = new EventHub();
		const a = stream();
		hub.subscribe('a', a);
		hub.receive(REPLY_TEXT_CHANNEL, '{"u":"a","id":"r1","s":"s1","o":0,"t":"Hi"}');
		expect(a.events).toEqual([
			{ name: 'reply', data: { id: 'r1', sessionId: 's1', offset: 0, text: 'Hi' } }
		]);
	});

	it('drops a notification for a user with no stream open', () => {
		const hub = new EventHub();
		hub.receive(CHANGES_CHANNEL, '{"u":"nobody","c":"c1.5"}');
		expect(hub.size).toBe(0);
	});

	it('refuses a stream past the cap of one user only, and takes one again once one leaves', () => {
		const hub = new EventHub();
		const leaves = Array.from({ length: MAX_STREAMS_PER_USER }, () => hub.subscribe('a', stream()));
		expect(leaves.every(Boolean)).toBe(true);
		expect(hub.subscribe('a', stream())).toBeUndefined();
		expect(hub.subscribe('b', stream())).toBeDefined();
		leaves[0]?.();
		expect(hub.count('a')).toBe(MAX_STREAMS_PER_USER - 1);
		expect(hub.subscribe('a', stream())).toBeDefined();
	});

	it('removes a stream that leaves twice once, and forgets a user with no stream left', () => {
		const hub = new EventHub({ maxPerUser: 2 });
		const first = stream();
		const leave = hub.subscribe('a', first);
		hub.subscribe('a', stream());
		leave?.();
		leave?.();
		expect(hub.count('a')).toBe(1);
		hub.receive(CHANGES_CHANNEL, '{"u":"a","c":"c1.1"}');
		expect(first.events).toEqual([]);
		const b = hub.subscribe('b', stream());
		b?.();
		expect(hub.users()).toEqual(['a']);
	});

	it('ignores malformed payloads and logs only the first of each channel', () => {
		const log = vi.fn();
		const hub = new EventHub({ log });
		const a = stream();
		hub.subscribe('a', a);
		hub.receive(CHANGES_CHANNEL, 'not json');
		hub.receive(CHANGES_CHANNEL, '{"u":"a"}');
		hub.receive(REPLY_TEXT_CHANNEL, '{"u":"a","c":"c1.5"}');
		hub.receive(REPLY_TEXT_CHANNEL, '');
		hub.receive(CHANGES_CHANNEL, '{"u":"a","c":"c1.2"}');
		expect(a.events).toEqual([change('c1.2')]);
		expect(log).toHaveBeenCalledTimes(2);
		expect(log.mock.calls[0]?.[0]).toContain('outpost_changes');
		expect(log.mock.calls[1]?.[0]).toContain('outpost_reply_text');
	});

	it('gives every stream the event even when one leaves while taking it', () => {
		const hub = new EventHub();
		const later = stream();
		const leaving: Subscriber = { send: () => leave?.(), close() {} };
		const leave = hub.subscribe('a', leaving);
		hub.subscribe('a', later);
		hub.publish('a', change('c1.3'));
		expect(later.events).toEqual([change('c1.3')]);
		expect(hub.count('a')).toBe(1);
	});

	it('ends every stream on closeAll', () => {
		const hub = new EventHub();
		const streams = [stream(), stream(), stream()];
		hub.subscribe('a', streams[0] as Subscriber);
		hub.subscribe('a', streams[1] as Subscriber);
		hub.subscribe('b', streams[2] as Subscriber);
		hub.closeAll();
		expect(streams.map((s) => s.closed)).toEqual([1, 1, 1]);
	});
});
