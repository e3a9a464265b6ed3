/** Retry timing of the protocol: base 1 s, cap 5 min, full jitter. */
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

/**
 * Delay before retry number `attempt` (0 for the first retry): a uniform draw from
 * `[0, min(cap, base · 2^attempt))`. `random` is injected so tests can pin it.
 */
export function backoffDelay(
	attempt: number,
	random: () => number = Math.random,
	baseMs = BACKOFF_BASE_MS,
	capMs = BACKOFF_CAP_MS
): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
	return Math.floor(random() * ceiling);
}

/**
 * Delay the server asked for in a `Retry-After` header (seconds or an HTTP date), or
 * `undefined` when the header is missing or unreadable.
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
	if (header === null || header.trim() === '') return undefined;
	if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
	// An HTTP date in its one current form (IMF-fixdate), e.g. "Mon, 05 Jan 2026 10:00:30 GMT".
	if (!/^\s*[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\s*$/.test(header))
		return undefined;
	const date = Date.parse(header);
	return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}
