import { describe, expect, it } from 'vitest';
import { followsAfterScroll, isAtBottom, wantsOlder } from './follow';

const at = (top: number, height = 5_000, viewport = 800) => ({ top, height, viewport });

describe('following the newest message', () => {
	it('counts a view within the slack of the bottom as at the bottom', () => {
		expect(isAtBottom(at(4_200))).toBe(true);
		expect(isAtBottom(at(4_160))).toBe(true);
		expect(isAtBottom(at(4_100))).toBe(false);
		expect(isAtBottom(at(0, 300, 800))).toBe(true);
	});

	it('stops following when the reader scrolls up', () => {
		expect(followsAfterScroll(true, 4_200, at(3_900))).toBe(false);
	});

	it('follows again when the reader scrolls back to the bottom', () => {
		expect(followsAfterScroll(false, 3_000, at(4_190))).toBe(true);
	});

	it('does not follow when the reader scrolls down but stays above the bottom', () => {
		expect(followsAfterScroll(false, 2_000, at(3_000))).toBe(false);
	});

	it('keeps following when the content grew under the view, which moves nothing up', () => {
		// A reply grew by 300 px, then the view was brought down to it.
		expect(followsAfterScroll(true, 4_200, at(4_200, 5_300))).toBe(true);
		expect(followsAfterScroll(true, 4_200, at(4_400, 5_300))).toBe(true);
	});

	it('keeps following when messages above were measured smaller and the list moved up with them', () => {
		expect(followsAfterScroll(true, 4_200, at(4_000, 4_800))).toBe(true);
	});
});

describe('reading older messages', () => {
	it('asks near the top when older messages exist', () => {
		expect(wantsOlder(at(100), true)).toBe(true);
		expect(wantsOlder(at(100), false)).toBe(false);
		expect(wantsOlder(at(2_000), true)).toBe(false);
	});
});
