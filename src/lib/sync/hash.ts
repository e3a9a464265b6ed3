import canonicalize from 'canonicalize';

/** RFC 8785 (JCS) canonical JSON of a value. Throws on values JSON cannot carry. */
export function canonicalJson(value: unknown): string {
	const text = canonicalize(value);
	if (text === undefined) throw new TypeError('value has no JSON form');
	return text;
}

/** Lowercase hex SHA-256 of a UTF-8 string. */
export async function sha256Hex(text: string): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
	return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The protocol hash of a record's data: `sha256:` and the hex SHA-256 of its RFC 8785 JSON.
 * The same data in any key order gives the same hash.
 */
export async function hashData(data: unknown): Promise<string> {
	return `sha256:${await sha256Hex(canonicalJson(data))}`;
}
