/** An error's message, whether it is an Error, a DOMException or a value a worker passed on. */
export const errorText = (error: unknown): string =>
	error instanceof Error ? error.message : String(error);

/** An error's name and message (see errorText). */
function nameAndMessage(error: unknown): { name: unknown; message: string } {
	return { name: (error as { name?: unknown } | null)?.name, message: errorText(error) };
}

/** Whether a failed write to the device's storage failed for lack of space. */
export function isQuotaError(error: unknown): boolean {
	const { name, message } = nameAndMessage(error);
	return name === 'QuotaExceededError' || /quota/i.test(message);
}

/**
 * Whether a write failed because the browser closed the journal's database: its site data was
 * cleared, or another tab deleted or upgraded it.
 */
export function isClosedStorageError(error: unknown): boolean {
	const { name, message } = nameAndMessage(error);
	return name === 'InvalidStateError' || /connection is closing|database connection/i.test(message);
}

/**
 * What the page says when a message could not be written on the device: a full disk and a
 * closed journal get words of their own, since the user can do something about them; any other
 * error is quoted.
 */
export function storageErrorWords(error: unknown): string {
	if (isQuotaError(error)) {
		return 'This device has no room left for Outpost, so the message was not saved. Free some storage space, then send it again.';
	}
	if (isClosedStorageError(error)) {
		return "The message could not be saved: the browser closed Outpost's storage on this device (its site data may have been cleared). Reload the page, then send it again.";
	}
	return `The message could not be saved on this device: ${errorText(error)}`;
}
