import { describe, expect, it } from 'vitest';
import { sseParser } from './sse';

/** Feeds the chunks in order and collects every event. */
function parseAll(chunks: string[]) {
	const feed = sseParser();
	return chunks.flatMap((chunk) => feed(chunk));
}

describe('sseParser', () => {
	it('reads one event with a name and data', () => {
		expect(parseAll(['event: delta\ndata: {"text":"Hi"}\n\n'])).toEqual([
			{ event: 'delta', data: '{"text":"Hi"}' }
		]);
	});

	it('names an event without an event line "message"', () => {
		expect(parseAll(['data: hello\n\n'])).toEqual([{ event: 'message', data: 'hello' }]);
	});

	it('reads several events from one chunk', () => {
		expect(parseAll(['data: a\n\nevent: done\ndata: b\n\n'])).toEqual([
			{ event: 'message', data: 'a' },
			{ event: 'done', data: 'b' }
		]);
	});

	it('keeps an unfinished event until its end arrives', () => {
		const feed = sseParser();
		expect(feed('event: delta\nda')).toEqual([]);
		expect(feed('ta: par')).toEqual([]);
		expect(feed('tial\n')).toEqual([]);
		expect(feed('\n')).toEqual([{ event: 'delta', data: 'partial' }]);
	});

	it('reads an event split across chunks at every position', () => {
		const stream = 'event: delta\ndata: one\ndata: two\n\nevent: done\ndata: {}\n\n';
		for (let cut = 0; cut <= stream.length; cut++) {
			expect(parseAll([stream.slice(0, cut), stream.slice(cut)]), `cut at ${cut}`).toEqual([
				{ event: 'delta', data: 'one\ntwo' },
				{ event: 'done', data: '{}' }
			]);
		}
	});

	it('reads a stream fed one character at a time', () => {
		const stream = 'event: delta\ndata: x\n\ndata: y\n\n';
		expect(parseAll([...stream])).toEqual([
			{ event: 'delta', data: 'x' },
			{ event: 'message', data: 'y' }
		]);
	});

	it('joins multi-line data with newlines', () => {
		expect(parseAll(['data: line 1\ndata: line 2\ndata:\ndata: line 4\n\n'])).toEqual([
			{ event: 'message', data: 'line 1\nline 2\n\nline 4' }
		]);
	});

	it('removes one space after the colon and no more', () => {
		expect(parseAll(['data:  two spaces\ndata:none\n\n'])).toEqual([
			{ event: 'message', data: ' two spaces\nnone' }
		]);
	});

	it('keeps colons inside the value', () => {
		expect(parseAll(['data: {"a":"b:c"}\n\n'])).toEqual([
			{ event: 'message', data: '{"a":"b:c"}' }
		]);
	});

	it('skips comment lines', () => {
		expect(parseAll([': keep-alive\ndata: x\n: another\n\n'])).toEqual([
			{ event: 'message', data: 'x' }
		]);
	});

	it('dispatches nothing for a block of comments only', () => {
		expect(parseAll([': ping\n\n: ping\n\n'])).toEqual([]);
	});

	it('dispatches nothing for an event without data', () => {
		expect(parseAll(['event: lonely\n\ndata: x\n\n'])).toEqual([{ event: 'message', data: 'x' }]);
	});

	it('ignores id, retry and unknown fields', () => {
		expect(parseAll(['id: 7\nretry: 1000\nfoo: bar\ndata: x\n\n'])).toEqual([
			{ event: 'message', data: 'x' }
		]);
	});

	it('reads CRLF line endings', () => {
		expect(parseAll(['event: delta\r\ndata: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n'])).toEqual([
			{ event: 'delta', data: 'a\nb' },
			{ event: 'message', data: 'c' }
		]);
	});

	it('reads CR line endings', () => {
		expect(parseAll(['event: delta\rdata: a\r\r'])).toEqual([{ event: 'delta', data: 'a' }]);
	});

	it('reads a CRLF stream split between the CR and the LF', () => {
		expect(parseAll(['data: a\r', '\ndata: b\r\n\r\n'])).toEqual([
			{ event: 'message', data: 'a\nb' }
		]);
	});

	it('reads a CRLF stream split at every position', () => {
		const stream = 'event: delta\r\ndata: one\r\ndata: two\r\n\r\n';
		for (let cut = 0; cut <= stream.length; cut++) {
			expect(parseAll([stream.slice(0, cut), stream.slice(cut)]), `cut at ${cut}`).toEqual([
				{ event: 'delta', data: 'one\ntwo' }
			]);
		}
	});

	it('keeps separate parsers apart', () => {
		const one = sseParser();
		const two = sseParser();
		one('data: fi');
		expect(two('data: x\n\n')).toEqual([{ event: 'message', data: 'x' }]);
		expect(one('rst\n\n')).toEqual([{ event: 'message', data: 'first' }]);
	});
});
