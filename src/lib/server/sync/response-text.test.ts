import { describe, expect, it } from 'vitest';
import type { PushResult } from '$lib/protocol/push';
import { renderPieces, responsePieces, responseText } from './response-text';

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
