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

/** A write to the device's storage, in the words the page uses when it fails. */
export interface DeviceWrite {
	/** What was written, as the subject of a sentence: "the message". */
	subject: string;
	/** What did not happen to it: "saved". */
	done: string;
	/** What the user does once the cause is gone: "send it again". */
	again: string;
}

export const MESSAGE_WRITE: DeviceWrite = {
	subject: 'the message',
	done: 'saved',
	again: 'send it again'
};
export const TITLE_WRITE: DeviceWrite = {
	subject: 'the new title',
	done: 'saved',
	again: 'rename the chat again'
};
export const CHAT_DELETE: DeviceWrite = {
	subject: 'the chat',
	done: 'deleted',
	again: 'delete it again'
};
export const RETRY_WRITE: DeviceWrite = {
	subject: 'the request',
	done: 'saved',
	again: 'try again'
};

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * What the page says when a write to the device's storage failed: a full disk and a closed
 * journal get words of their own, since the user can do something about them; any other error
 * is quoted.
 */
export function storageErrorWords(error: unknown, write: DeviceWrite = MESSAGE_WRITE): string {
	const { subject, done, again } = write;
	if (isQuotaError(error)) {
		return `This device has no room left for Outpost, so ${subject} was not ${done}. Free some storage space, then ${again}.`;
	}
	if (isClosedStorageError(error)) {
		return `${capitalised(subject)} could not be ${done}: the browser closed Outpost's storage on this device (its site data may have been cleared). Reload the page, then ${again}.`;
	}
	return `${capitalised(subject)} could not be ${done} on this device: ${errorText(error)}`;
}
