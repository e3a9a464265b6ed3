/** The number of the current UTC minute: the rate limits count in windows of one. */
export const currentMinute = () => Math.floor(Date.now() / 60_000);

/**
 * Waits, when fewer than `seconds` are left in the current fixed window of `windowSeconds`
 * (aligned to the epoch, as the database's limits count), for the next to begin, so that a
 * burst of requests counted in one window does not cross into a new one.
 */
export async function roomInWindow(windowSeconds: number, seconds: number): Promise<void> {
	const windowMs = windowSeconds * 1000;
	const left = windowMs - (Date.now() % windowMs);
	if (left < seconds * 1000) await new Promise((resolve) => setTimeout(resolve, left + 250));
}

/**
 * Waits, when fewer than `seconds` are left in the current UTC minute, for the next to begin,
 * so that a burst of requests counted per minute does not cross into a new window.
 */
export function roomInThisMinute(seconds = 15): Promise<void> {
	return roomInWindow(60, seconds);
}
