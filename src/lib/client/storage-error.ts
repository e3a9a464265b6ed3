/** Whether a failed write to the device's storage failed for lack of space. */
export function isQuotaError(error: unknown): boolean {
	const name = (error as { name?: unknown } | null)?.name;
	const message = error instanceof Error ? error.message : String(error);
	return name === 'QuotaExceededError' || /quota/i.test(message);
}

/**
 * What the page says when a message could not be written on the device: a full disk gets
 * words of its own, since the user can do something about it.
 */
export function storageErrorWords(error: unknown, text: string): string {
	if (isQuotaError(error)) {
		return 'This device has no room left for Outpost, so the message was not saved. Free some storage space, then send it again.';
	}
	return `The message could not be saved on this device: ${text}`;
}
