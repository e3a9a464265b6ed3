import { describe, expect, it } from 'vitest';
import {
	addPiece,
	hasGap,
	MAX_LIVE_REPLIES,
	replyText,
	withoutReplies,
	withPiece,
	type LiveSegment
} from './live-replies';

/** Segments after adding each piece in turn. */
const pieces = (...list: [number, string][]): LiveSegment[] =>
	list.reduce<LiveSegment[]>((segments, [offset, text]) => addPiece(segments, offset, text), []);

describe('addPiece', () => {
	it.each<[string, [number, string][], LiveSegment[]]>([
		['one piece', [[0, 'Hello']], [{ offset: 0, text: 'Hello' }]],
		[
			'pieces in order',
			[
				[0, 'Hel'],
				[3, 'lo']
			],
			[{ offset: 0, text: 'Hello' }]
		],
		[
			'pieces out of order',
			[
				[3, 'lo'],
				[0, 'Hel']
			],
			[{ offset: 0, text: 'Hello' }]
		],
		[
			'the same piece twice',
			[
				[0, 'Hel'],
				[0, 'Hel'],
				[3, 'lo']
			],
			[{ offset: 0, text: 'Hello' }]
		],
		[
			'overlapping pieces',
			[
				[0, 'Hell'],
				[2, 'llo!']
			],
			[{ offset: 0, text: 'Hello!' }]
		],
		[
			'a piece inside another',
			[
				[0, 'Hello'],
				[1, 'el']
			],
			[{ offset: 0, text: 'Hello' }]
		],
		[
			'a gap',
			[
				[0, 'Hel'],
				[5, ' you']
			],
			[
				{ offset: 0, text: 'Hel' },
				{ offset: 5, text: ' you' }
			]
		],
		[
			'a gap filled',
			[
				[0, 'Hel'],
				[5, ' you'],
				[3, 'lo']
			],
			[{ offset: 0, text: 'Hello you' }]
		],
		[
			'an empty piece',
			[
				[0, 'Hi'],
				[9, '']
			],
			[{ offset: 0, text: 'Hi' }]
		]
	])('puts together %s', (_name, list, expected) => {
		expect(pieces(...list)).toEqual(expected);
	});
});

describe('replyText', () => {
	it.each<[string, string, [number, string][], string]>([
		['the stored text alone', 'Hello', [], 'Hello'],
		[
			'the stored text carried on by pieces',
			'Hel',
			[
				[3, 'lo'],
				[5, ' you']
			],
			'Hello you'
		],
		['pieces that start before the stored end', 'Hello', [[3, 'lo you']], 'Hello you'],
		['pieces the stored text already holds', 'Hello you', [[0, 'Hello']], 'Hello you'],
		['pieces from the start, nothing stored yet', '', [[0, 'Hi']], 'Hi'],
		['the stored text only, when pieces come after a gap', 'He', [[5, ' you']], 'He'],
		[
			'up to the gap',
			'He',
			[
				[2, 'l'],
				[5, ' you']
			],
			'Hel'
		],
		['surrogate pairs counted in code units', '😀', [[2, '!']], '😀!']
	])('shows %s', (_name, stored, list, expected) => {
		expect(replyText(stored, pieces(...list))).toBe(expected);
	});

	it('says when pieces wait behind a gap', () => {
		expect(hasGap('He', pieces([5, ' you']))).toBe(true);
		expect(hasGap('Hello', pieces([5, ' you']))).toBe(false);
		expect(hasGap('Hello', undefined)).toBe(false);
	});
});

describe('withPiece and withoutReplies', () => {
	it('follows each reply apart and forgets the oldest past the limit', () => {
		let live = withPiece(new Map(), { id: 'r0', sessionId: 's1', offset: 0, text: 'a' });
		live = withPiece(live, { id: 'r0', sessionId: 's1', offset: 1, text: 'b' });
		expect(live.get('r0')).toEqual([{ offset: 0, text: 'ab' }]);
		for (let i = 1; i <= MAX_LIVE_REPLIES; i++) {
			live = withPiece(live, { id: `r${i}`, sessionId: 's1', offset: 0, text: 'x' });
		}
		expect(live.size).toBe(MAX_LIVE_REPLIES);
		expect(live.has('r0')).toBe(false);
		expect(live.has(`r${MAX_LIVE_REPLIES}`)).toBe(true);
	});

	it('drops replies no longer written, and keeps the same map when none is followed', () => {
		const live = withPiece(new Map(), { id: 'r1', sessionId: 's1', offset: 0, text: 'a' });
		expect(withoutReplies(live, ['r2'])).toBe(live);
		expect(withoutReplies(live, ['r1']).size).toBe(0);
	});
});
