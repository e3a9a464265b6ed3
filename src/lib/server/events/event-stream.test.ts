import { afterEach, describe, expect, it, vi } from 'vitest';
import { sseParser } from '$lib/client/sse';
import { EventStream } from './event-stream';
import type { LiveEvent } from './notifications';

const change = (cursor: string): LiveEvent => ({ name: 'change', data: { cursor } });
const reply = (offset: number, text = 'x'.repeat(40)): LiveEvent => ({
	name: 'reply',
	data: { id: 'r1', sessionId: 's1', offset, text }
});

/** Reads the body until `enough` holds for the text read so far, or the body ends. */
async function readUntil(
	reader: ReadableStreamDefaultReader<Uint8Array>,
	enough: (text: string) => boolean = () => false
): Promise<string> {
	const decoder = new TextDecoder();
	let text = '';
	while (!enough(text)) {
		const { done, value } = await reader.read();
		if (done) break;
		text += decoder.decode(value, { stream: true });
	}
	return text;
}

/** The events in a text, as a client reads them. */
const eventsIn = (text: string) => sseParser()(text);

afterEach(() => {
	vi.useRealTimers();
});

describe('EventStream', () => {
	it('starts with retry and ready, then what came while it waited, the newest change only', async () => {
		const stream = new EventStream();
		stream.send(change('c1.1'));
		stream.send(reply(0, 'Hi'));
		stream.send(change('c1.2'));
		stream.open('c1.2');
		stream.close();
		const text = await readUntil(stream.body.getReader());
		expect(text.startsWith('retry: 2000\n\nevent: ready\ndata: {"cursor":"c1.2"}\n\n')).toBe(true);
		expect(eventsIn(text)).toEqual([
			{ event: 'ready', data: '{"cursor":"c1.2"}' },
			{ event: 'reply', data: '{"id":"r1","sessionId":"s1","offset":0,"text":"Hi"}' },
			{ event: 'change', data: '{"cursor":"c1.2"}' }
		]);
	});

	it('sends a null cursor in ready for a user with no change yet', async () => {
		const stream = new EventStream();
		stream.open(null);
		stream.close();
		expect(eventsIn(await readUntil(stream.body.getReader()))).toEqual([
			{ event: 'ready', data: '{"cursor":null}' }
		]);
	});

	it('drops reply pieces while its reader is behind, but never a change', async () => {
		const stream = new EventStream({ highWaterMark: 400 });
		stream.open('c1.1');
		for (let i = 0; i < 20; i++) stream.send(reply(i * 40));
		stream.send(change('c1.2'));
		const reader = stream.body.getReader();
		const behind = eventsIn(await readUntil(reader, (t) => t.includes('c1.2')));
		const pieces = behind.filter((e) => e.event === 'reply');
		expect(pieces.length).toBeGreaterThan(0);
		expect(pieces.length).toBeLessThan(20);
		expect(behind.at(-1)).toEqual({ event: 'change', data: '{"cursor":"c1.2"}' });
		// Caught up, it takes pieces again.
		stream.send(reply(800));
		stream.close();
		expect(eventsIn(await readUntil(reader)).map((e) => e.event)).toEqual(['reply']);
	});

	it('ends itself once its reader has stopped reading for too long', () => {
		const stream = new EventStream({ highWaterMark: 100, maxBacklog: 1000 });
		const closed = vi.fn();
		stream.onClose(closed);
		stream.open('c1.1');
		for (let i = 0; i < 100 && !stream.closed; i++) stream.send(change(`c1.${i}`));
		expect(stream.closed).toBe(true);
		expect(closed).toHaveBeenCalledOnce();
	});

	it('sends a keep-alive comment every 15 s while idle', async () => {
		vi.useFakeTimers();
		const stream = new EventStream();
		stream.open(null);
		const reader = stream.body.getReader();
		await readUntil(reader, (t) => t.includes('ready'));
		const next = readUntil(reader, (t) => t.includes('keep-alive'));
		await vi.advanceTimersByTimeAsync(15_000);
		expect(await next).toBe(': keep-alive\n\n');
		const again = readUntil(reader, (t) => t.includes('keep-alive'));
		await vi.advanceTimersByTimeAsync(15_000);
		expect(await again).toBe(': keep-alive\n\n');
		stream.close();
		expect(await readUntil(reader)).toBe('');
	});

	it('ends when its session has ended, and goes on when the check itself fails', async () => {
		vi.useFakeTimers();
		const stillSignedIn = vi
			.fn<() => Promise<boolean>>()
			.mockResolvedValueOnce(true)
			.mockRejectedValueOnce(new Error('database away'))
			.mockResolvedValueOnce(false);
		const stream = new EventStream({ stillSignedIn, sessionCheckMs: 1000, keepAliveMs: 60_000 });
		stream.open('c1.1');
		await vi.advanceTimersByTimeAsync(2000);
		expect(stream.closed).toBe(false);
		await vi.advanceTimersByTimeAsync(1000);
		expect(stream.closed).toBe(true);
		expect(stillSignedIn).toHaveBeenCalledTimes(3);
		await vi.advanceTimersByTimeAsync(5000);
		expect(stillSignedIn).toHaveBeenCalledTimes(3);
	});

	it('takes nothing once its reader cancels, and ends once', async () => {
		vi.useFakeTimers();
		const stream = new EventStream();
		const closed = vi.fn();
		stream.onClose(closed);
		stream.open('c1.1');
		await stream.body.cancel();
		expect(stream.closed).toBe(true);
		expect(() => {
			stream.send(change('c1.2'));
			stream.send(reply(0));
			stream.close();
		}).not.toThrow();
		await vi.advanceTimersByTimeAsync(60_000);
		expect(closed).toHaveBeenCalledOnce();
		const late = vi.fn();
		stream.onClose(late);
		expect(late).toHaveBeenCalledOnce();
	});

	it('ends before it opened without a ready, and ignores a later open', async () => {
		const stream = new EventStream();
		stream.close();
		stream.open('c1.1');
		expect(await readUntil(stream.body.getReader())).toBe('');
	});
});
