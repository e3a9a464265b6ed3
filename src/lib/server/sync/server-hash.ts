import { createHash } from 'node:crypto';
import { canonicalJson } from '$lib/sync/hash';

/**
 * The protocol hash (`sha256:` + hex SHA-256 of the RFC 8785 JSON), computed synchronously
 * with Node's crypto: the same value as `hashData` in `$lib/sync/hash`, which the browser
 * computes with `crypto.subtle`, at a tenth of the cost on the push path.
 */
export function hashDataSync(data: unknown): string {
	return `sha256:${createHash('sha256').update(canonicalJson(data)).digest('hex')}`;
}

/** Lowercase hex SHA-256 of a UTF-8 string. */
export function sha256HexSync(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}
