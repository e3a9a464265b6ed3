/** Thrown when the server has too much of one kind of work queued to take more now. */
export class BusyError extends Error {
	override name = 'BusyError';
	readonly code = 'busy';
	constructor(
		readonly what: string,
		readonly retryAfterSeconds = 1
	) {
		super(`too much ${what} queued`);
	}
}
