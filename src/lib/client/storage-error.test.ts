import { describe, expect, it } from 'vitest';
import {
	CHAT_DELETE,
	isClosedStorageError,
	isQuotaError,
	RETRY_WRITE,
	storageErrorWords,
	TITLE_WRITE
} from './storage-error';

describe('storage errors', () => {
	it('knows a full disk by the DOMException name or by the message a worker passed on', () => {
		expect(isQuotaError(new DOMException('too big', 'QuotaExceededError'))).toBe(true);
		expect(isQuotaError(new Error('QuotaExceededError: The quota has been exceeded.'))).toBe(true);
		expect(isQuotaError(new Error('The database connection is closing.'))).toBe(false);
		expect(isQuotaError(null)).toBe(false);
	});

	it('tells the user to free space for a full disk, and passes other errors on', () => {
		expect(storageErrorWords(new DOMException('x', 'QuotaExceededError'))).toMatch(
			/no room left.*Free some storage space/
		);
		expect(storageErrorWords(new Error('closing'))).toBe(
			'The message could not be saved on this device: closing'
		);
		expect(storageErrorWords('a value a worker passed on')).toBe(
			'The message could not be saved on this device: a value a worker passed on'
		);
	});

	it('tells the user to reload when the browser closed the journal', () => {
		const closing =
			"Failed to execute 'transaction' on 'IDBDatabase': The database connection is closing.";
		expect(isClosedStorageError(new DOMException(closing, 'InvalidStateError'))).toBe(true);
		expect(isClosedStorageError(new Error(closing))).toBe(true);
		expect(isClosedStorageError(new Error('the journal is not open: sign in first'))).toBe(false);
		expect(storageErrorWords(new Error(closing))).toMatch(
			/^The message could not be saved: .*Reload the page, then send it again\.$/
		);
	});

	it('says what was not written when it was not a message', () => {
		const full = new DOMException('x', 'QuotaExceededError');
		const closed = new DOMException('The database connection is closing.', 'InvalidStateError');
		expect(storageErrorWords(full, TITLE_WRITE)).toBe(
			'This device has no room left for Outpost, so the new title was not saved. Free some storage space, then rename the chat again.'
		);
		expect(storageErrorWords(closed, CHAT_DELETE)).toMatch(
			/^The chat could not be deleted: the browser closed .*Reload the page, then delete it again\.$/
		);
		expect(storageErrorWords(new Error('aborted'), RETRY_WRITE)).toBe(
			'The request could not be saved on this device: aborted'
		);
	});
});
