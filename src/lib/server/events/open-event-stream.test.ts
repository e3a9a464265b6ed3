import { describe, expect, it } from 'vitest';
import { sseParser } from '$lib/client/sse';
import { EventHub } from './event-hub';
import { openEventStream } from './open-event-stream';

const change = (cursor: string) => ({ name: 'change', data: { cursor } }) as const;

/** Reads a response body until it holds `count` events, and returns them. */
async function readEvents(response: Response, count: number) {
	const reader = (response.body as ReadableStream<Uint8Array>).getReader();
	const parse = sseParser();
	const decoder = new TextDecoder();
	const events: { event: string; data: string }[] = [];
	while (events.length < count) {
		const { done, value } = await reader.read();
		if (done) break;
		events.push(...parse(decoder.decode(value, { stream: true })));
	}
	reader.releaseLock();
	return events;
}

describe('openEventStream', () => {
	it('answers an uncached, unbuffered event stream that starts with ready', async () => {
		const hub = new EventHub();
		const outcome = await openEventStream({ hub, userId: 'a', readCursor: async () => 'c1.4' });
		if (!outcome.ok) throw new Error(outcome.code);
		expect(Object.fromEntries(outcome.response.headers)).toEqual({
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			'x-accel-buffering': 'no'
		});
		expect(await readEvents(outcome.response, 1)).toEqual([
			{ event: 'ready', data: '{"cursor":"c1.4"}' }
		]);
		expect(hub.count('a')).toBe(1);
	});

	it('sends a change that came while the cursor was read after ready', async () => {
		const hub = new EventHub();
		const outcome = await openEventStream({
			hub,
			userId: 'a',
			readCursor: async () => {
				hub.publish('a', change('c1.5'));
				return 'c1.4';
			}
		});
		if (!outcome.ok) throw new Error(outcome.code);
		expect(await readEvents(outcome.response, 2)).toEqual([
			{ event: 'ready', data: '{"cursor":"c1.4"}' },
			{ event: 'change', data: '{"cursor":"c1.5"}' }
		]);
	});

	it("refuses a user's seventh stream and takes one again once a stream is cancelled", async () => {
		const hub = new EventHub();
		const open = () => openEventStream({ hub, userId: 'a', readCursor: async () => null });
		const responses: Response[] = [];
		for (let i = 0; i < 6; i++) {
			const outcome = await open();
			if (!outcome.ok) throw new Error(outcome.code);
			responses.push(outcome.response);
		}
		expect(await open()).toEqual({ ok: false, code: 'too_many_streams' });
		expect(hub.count('a')).toBe(6);
		await responses[0]?.body?.cancel();
		expect(hub.count('a')).toBe(5);
		expect((await open()).ok).toBe(true);
	});

	it('leaves the hub at once when the request is aborted', async () => {
		const hub = new EventHub();
		const request = new AbortController();
		const outcome = await openEventStream({
			hub,
			userId: 'a',
			readCursor: async () => null,
			signal: request.signal
		});
		expect(outcome.ok).toBe(true);
		request.abort();
		expect(hub.count('a')).toBe(0);
		hub.publish('a', change('c1.1'));
	});

	it('leaves the hub when the request was aborted while the cursor was read', async () => {
		const hub = new EventHub();
		const request = new AbortController();
		const outcome = await openEventStream({
			hub,
			userId: 'a',
			readCursor: async () => {
				request.abort();
				return null;
			},
			signal: request.signal
		});
		expect(hub.count('a')).toBe(0);
		if (outcome.ok) expect(await outcome.response.text()).toBe('');
	});

	it('leaves the hub and throws when the cursor cannot be read', async () => {
		const hub = new EventHub();
		const failure = Object.assign(new Error('down'), { code: 'ECONNREFUSED' });
		await expect(
			openEventStream({
				hub,
				userId: 'a',
				readCursor: () => Promise.reject(failure)
			})
		).rejects.toBe(failure);
		expect(hub.count('a')).toBe(0);
	});
});
