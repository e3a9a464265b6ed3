import { describe, expect, it } from 'vitest';
import type { PushResult } from '$lib/protocol/push';
import { encodeCursor } from '$lib/sync/cursor';
import { responseCursor, responsePieces, responseText, type ResponsePiece } from './response-text';

/** The response text of `pieces` once the sequence is known, as outpost_push_write puts it together. */
function renderPieces(pieces: readonly ResponsePiece[], base: number): string {
	return pieces
		.map((piece) => {
			if (piece.cursor !== undefined) return piece.text + encodeCursor(base + piece.cursor);
			if (piece.version !== undefined) return piece.text + String(base + piece.version);
			return piece.text;
		})
		.join('');
}

const shifted = (results: PushResult[], base: number): PushResult[] =>
	results.map((r) => (r.version === undefined ? r : { ...r, version: r.version + base }));

const CASES: { name: string; seq: number; results: PushResult[] }[] = [
	{ name: 'no results', seq: 0, results: [] },
	{
		name: 'a reply',
		seq: 2,
		results: [
			{ id: 'm1', type: 'message', status: 'inserted', version: 1 },
			{ id: 'm2', type: 'message', status: 'inserted', version: 2 }
		]
	},
	{
		name: 'rejections with characters JSON escapes',
		seq: 1,
		results: [
			{
				id: 'bad"\\\u0000\udc00',
				type: 'message',
				status: 'rejected',
				code: 'invalid',
				message: 'line\nbreak "quoted" \u2028 \ud83d'
			},
			{ id: 's', type: 'session', status: 'inserted', version: 1 },
			{ id: '', type: '', status: 'rejected', code: 'invalid', message: '' }
		]
	},
	{
		name: 'a stale record with its current state',
		seq: 0,
		results: [
			{
				id: 'm1',
				type: 'message',
				status: 'stale',
				version: 4,
				current: {
					type: 'message',
					id: 'm1',
					op: 'upsert',
					hash: `sha256:${'b'.repeat(64)}`,
					data: {
						sessionId: 's',
						role: 'user',
						content: '"version":0',
						model: null,
						status: 'complete',
						inputTokens: 0,
						outputTokens: 0,
						elapsedMs: 0,
						createdAt: '2026-01-05T10:00:00.000Z',
						updatedAt: '2026-01-05T10:00:00.000Z'
					}
				}
			}
		]
	}
];

describe('response pieces', () => {
	it.each(CASES)(
		'put $name together as the whole response would be written',
		({ seq, results }) => {
			for (const base of [0, 7, 35, 1_000_000]) {
				const pieces = responsePieces(1, 'batch-"1"', seq, results);
				expect(renderPieces(pieces, base)).toBe(
					responseText(1, 'batch-"1"', base + seq, shifted(results, base))
				);
			}
		}
	);

	it('keeps every piece free of lone surrogates, so that the database can read it as JSON', () => {
		const pieces = responsePieces(1, 'b', 1, CASES[2]?.results ?? []);
		for (const piece of pieces) expect(piece.text.isWellFormed()).toBe(true);
	});
});

describe('responseCursor', () => {
	it("reads a response's cursor, whatever its batchId holds", () => {
		for (const batchId of ['b1', '","cursor":"c0.x', 'a\\","cursor":"c0.y', '"']) {
			const text = responseText(1, batchId, 42, CASES[2]?.results ?? []);
			expect(responseCursor(text)).toBe((JSON.parse(text) as { cursor: string }).cursor);
		}
	});

	it('throws on text that is not a push response', () => {
		expect(() => responseCursor('{"protocol":1}')).toThrow('not a push response');
	});
});
