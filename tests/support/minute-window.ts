/** The number of the current UTC minute: the rate limits count in windows of one. */
export const currentMinute = () => Math.floor(Date.now() / 60_000);

/**
 * Waits, when fewer than `seconds` are left in the current UTC minute, for the next to begin,
 * so that a burst of requests counted per minute does not cross into a new window.
 */
export async function roomInThisMinute(seconds = 15): Promise<void> {
	const left = 60_000 - (Date.now() % 60_000);
	if (left < seconds * 1000) await new Promise((resolve) => setTimeout(resolve, left + 250));
}
