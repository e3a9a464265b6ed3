import { describe, expect, it } from 'vitest';
import { mayHoldSession } from './session-hint';

describe('mayHoldSession', () => {
	it('is true when the companion cookie is among the cookies', () => {
		expect(mayHoldSession('outpost_signed_in=1')).toBe(true);
		expect(mayHoldSession('theme=dark; outpost_signed_in=1; other=2')).toBe(true);
	});

	it('is false without it, or with a cookie that only ends in its name', () => {
		expect(mayHoldSession('')).toBe(false);
		expect(mayHoldSession('theme=dark')).toBe(false);
		expect(mayHoldSession('not_outpost_signed_in=1')).toBe(false);
	});
});
