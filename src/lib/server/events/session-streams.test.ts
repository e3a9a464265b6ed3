import { describe, expect, it } from 'vitest';
import { EventStream } from './event-stream';
import { endSessionStreams, trackSessionStream } from './session-streams';

describe('session streams', () => {
	it('ends the streams of the session signed out, and only those', () => {
		const [a1, a2, b] = [new EventStream(), new EventStream(), new EventStream()];
		trackSessionStream('session-a', a1);
		trackSessionStream('session-a', a2);
		trackSessionStream('session-b', b);
		expect(endSessionStreams('session-a')).toBe(2);
		expect([a1.closed, a2.closed, b.closed]).toEqual([true, true, false]);
		expect(endSessionStreams('session-a')).toBe(0);
		b.close();
		expect(endSessionStreams('session-b')).toBe(0);
	});

	it('forgets a stream that ended by itself', () => {
		const stream = new EventStream();
		trackSessionStream('session-c', stream);
		stream.close();
		expect(endSessionStreams('session-c')).toBe(0);
	});
});
