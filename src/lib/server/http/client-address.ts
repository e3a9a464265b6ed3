import type { RequestEvent } from '@sveltejs/kit';

/**
 * The address of the client that sent a request, as adapter-node gives it: the socket's peer,
 * or, only when the operator names a trusted proxy's header with ADDRESS_HEADER (and
 * XFF_DEPTH), the address that proxy reports. `unknown` when it cannot be told (the header
 * named but missing), so that such requests share one limit instead of failing.
 */
export function clientAddress(event: RequestEvent): string {
	try {
		return event.getClientAddress() || 'unknown';
	} catch {
		return 'unknown';
	}
}
