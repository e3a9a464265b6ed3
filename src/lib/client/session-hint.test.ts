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

	it("is true with the Supabase client's session cookie, whole or chunked", () => {
		expect(mayHoldSession('sb-abcd-auth-token=base64-eyJ')).toBe(true);
		expect(mayHoldSession('theme=dark; sb-127-auth-token.0=base64-eyJ')).toBe(true);
		expect(mayHoldSession('sb-abcd-auth-token-code-verifier=x')).toBe(false);
	});
});
