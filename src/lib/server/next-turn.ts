/**
 * Resolves once the event loop has had a turn: the sockets read in it (new requests, clients
 * that closed their connection) have been handled. Work chained only on promises runs before
 * the event loop reads on, so a request's handler that must see whether its client is still
 * there, or must let other requests be read first, waits for this.
 */
export function nextTurn(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}
