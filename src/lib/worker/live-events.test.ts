import { describe, expect, it } from 'vitest';
import type { ReplyEvent } from '$lib/protocol/live-events';
import type { LoopClock } from '$lib/sync/sync-loop';
import { LiveEvents, SILENCE_MS, STABLE_MS, type LiveEventsState } from './live-events';

/** A clock whose time moves and whose timers run only when the test says so. */
class FakeClock implements LoopClock {
	now = 0;
	#timers = new Map<number, { fn: () => void; at: number }>();
	#next = 1;

	setTimeout(fn: () => void, ms: number): unknown {
		const handle = this.#next++;
		this.#timers.set(handle, { fn, at: this.now + ms });
		return handle;
	}

	clearTimeout(handle: unknown): void {
		this.#timers.delete(handle as number);
	}

	/** The delays, from now, of the timers still set. */
	get pending(): number[] {
		return [...this.#timers.values()].map((t) => t.at - this.now).sort((a, b) => a - b);
	}

	/** Moves time on by `ms`, running the timers due meanwhile. */
	advance(ms: number): void {
		const end = this.now + ms;
		for (;;) {
			const due = [...this.#timers]
				.filter(([, t]) => t.at <= end)
				.sort((a, b) => a[1].at - b[1].at);
			const first = due[0];
			if (!first) break;
			this.#timers.delete(first[0]);
			this.now = first[1].at;
			first[1].fn();
		}
		this.now = end;
	}
}

/** One request of the stream as the fake server got it. */
interface Opened {
	signal: AbortSignal;
	send(text: string): void;
	end(): void;
	fail(): void;
}

/** An events endpoint the test answers by hand, request by request. */
class FakeEndpoint {
	opened: Opened[] = [];
	/** How the next requests are answered: a stream, a status, or a network failure. */
	answers: (number | 'network' | 'later')[] = [];
	/** Answers the request held by a `later` answer with a stream. */
	answerLater = () => {};

	readonly open = async (signal: AbortSignal): Promise<Response> => {
		const answer = this.answers.shift() ?? 200;
		if (answer === 'network') throw new TypeError('Failed to fetch');
		if (answer === 'later') {
			await new Promise<void>((resolve) => (this.answerLater = resolve));
			return this.open(signal);
		}
		if (answer !== 200) {
			const headers: Record<string, string> = answer === 429 ? { 'retry-after': '7' } : {};
			return new Response('{"title":"no"}', { status: answer, headers });
		}
		const encoder = new TextEncoder();
		let controller!: ReadableStreamDefaultController<Uint8Array>;
		const body = new ReadableStream<Uint8Array>({ start: (c) => (controller = c) });
		signal.addEventListener('abort', () => {
			try {
				controller.error(new DOMException('aborted', 'AbortError'));
			} catch {
				// Already closed.
			}
		});
		this.opened.push({
			signal,
			send: (text) => controller.enqueue(encoder.encode(text)),
			end: () => controller.close(),
			fail: () => controller.error(new TypeError('network error'))
		});
		return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
	};

	get last(): Opened {
		const last = this.opened.at(-1);
		if (!last) throw new Error('no stream was opened');
		return last;
	}
}

/** Lets the streams' promises settle. */
const flush = () => new Promise((resolve) => setTimeout(resolve, 5));

function setup() {
	const clock = new FakeClock();
	const endpoint = new FakeEndpoint();
	const cursors: (string | null)[] = [];
	const replies: ReplyEvent[] = [];
	const refused: number[] = [];
	const states: LiveEventsState[] = [];
	const events = new LiveEvents({
		open: endpoint.open,
		clock,
		now: () => clock.now,
		// The top of each backoff range.
		random: () => 0.999,
		onCursor: (cursor) => cursors.push(cursor),
		onReply: (piece) => replies.push(piece),
		onRefused: (status) => refused.push(status),
		onState: (state) => states.push(state)
	});
	return { clock, endpoint, events, cursors, replies, refused, states };
}

describe('LiveEvents', () => {
	it('opens the stream when wanted and hands on cursors and reply pieces', async () => {
		const { endpoint, events, cursors, replies } = setup();
		events.want(true);
		await flush();
		expect(events.state).toBe('open');
		endpoint.last.send('retry: 2000\n\nevent: ready\ndata: {"cursor":"c1.4"}\n\n: keep-alive\n\n');
		endpoint.last.send('event: reply\ndata: {"id":"r1","sessionId":"s1","offset":0,"text":"Hel');
		endpoint.last.send('lo"}\n\nevent: change\ndata: {"cursor":"c1.5"}\n\n');
		await flush();
		expect(cursors).toEqual(['c1.4', 'c1.5']);
		expect(replies).toEqual([{ id: 'r1', sessionId: 's1', offset: 0, text: 'Hello' }]);
	});

	it('skips malformed events and keeps reading', async () => {
		const { endpoint, events, cursors } = setup();
		events.want(true);
		await flush();
		endpoint.last.send('event: change\ndata: nope\n\nevent: change\ndata: {"cursor":"c1.2"}\n\n');
		await flush();
		expect(cursors).toEqual(['c1.2']);
		expect(events.state).toBe('open');
	});

	it('reconnects with a growing backoff while the stream keeps failing', async () => {
		const { clock, endpoint, events } = setup();
		endpoint.answers = ['network', 503, 500];
		events.want(true);
		await flush();
		expect(events.state).toBe('waiting');
		expect(clock.pending).toEqual([999]);
		clock.advance(999);
		await flush();
		// 503 without Retry-After: the backoff.
		expect(clock.pending).toEqual([1_998]);
		clock.advance(1_998);
		await flush();
		expect(clock.pending).toEqual([3_996]);
		clock.advance(3_996);
		await flush();
		expect(events.state).toBe('open');
		expect(endpoint.opened).toHaveLength(1);
	});

	it('reconnects when the stream ends or drops, and resets the backoff after a stable stream', async () => {
		const { clock, endpoint, events } = setup();
		events.want(true);
		await flush();
		endpoint.last.end();
		await flush();
		expect(events.state).toBe('waiting');
		expect(clock.pending).toEqual([999]);
		clock.advance(999);
		await flush();
		// Ended again at once: the backoff grows.
		endpoint.last.fail();
		await flush();
		expect(clock.pending).toEqual([1_998]);
		clock.advance(1_998);
		await flush();
		clock.advance(STABLE_MS);
		endpoint.last.fail();
		await flush();
		expect(events.attempt).toBe(1);
		expect(clock.pending).toEqual([999]);
	});

	it('gives up a stream that stays silent past the keep-alives and connects again', async () => {
		const { clock, endpoint, events } = setup();
		events.want(true);
		await flush();
		clock.advance(SILENCE_MS - 1);
		endpoint.last.send(': keep-alive\n\n');
		await flush();
		clock.advance(SILENCE_MS - 1);
		await flush();
		expect(events.state).toBe('open');
		clock.advance(1);
		await flush();
		expect(endpoint.opened[0]?.signal.aborted).toBe(true);
		expect(events.state).toBe('waiting');
	});

	it('honours Retry-After on a 429', async () => {
		const { clock, endpoint, events } = setup();
		endpoint.answers = [429];
		events.want(true);
		await flush();
		expect(events.state).toBe('waiting');
		expect(clock.pending).toEqual([7_000]);
	});

	it.each([401, 409])('stops on a %i until it is stopped and wanted again', async (status) => {
		const { clock, endpoint, events, refused } = setup();
		endpoint.answers = [status];
		events.want(true);
		await flush();
		expect(events.state).toBe('refused');
		expect(refused).toEqual([status]);
		expect(clock.pending).toEqual([]);
		events.want(true);
		await flush();
		expect(events.state).toBe('refused');
		events.want(false);
		events.want(true);
		await flush();
		expect(events.state).toBe('open');
	});

	it('stops at once when no longer wanted: the stream is aborted and nothing it sends is heard', async () => {
		const { clock, endpoint, events, cursors } = setup();
		events.want(true);
		await flush();
		const stream = endpoint.last;
		events.want(false);
		expect(events.state).toBe('stopped');
		expect(stream.signal.aborted).toBe(true);
		await flush();
		expect(clock.pending).toEqual([]);
		expect(cursors).toEqual([]);
	});

	it('stops while waiting to reconnect: no timer is left', async () => {
		const { clock, endpoint, events } = setup();
		endpoint.answers = ['network'];
		events.want(true);
		await flush();
		events.want(false);
		expect(clock.pending).toEqual([]);
		clock.advance(60_000);
		await flush();
		expect(endpoint.opened).toHaveLength(0);
	});

	it('ignores a stream that answers after it was stopped', async () => {
		const { endpoint, events, states } = setup();
		endpoint.answers = ['later'];
		events.want(true);
		events.want(false);
		endpoint.answerLater();
		await flush();
		expect(events.state).toBe('stopped');
		expect(states).toEqual(['connecting', 'stopped']);
		expect(endpoint.last.signal.aborted).toBe(true);
	});
});
