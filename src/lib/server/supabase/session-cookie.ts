import { combineChunks, stringFromBase64URL } from '@supabase/ssr';

const BASE64_PREFIX = 'base64-';

/**
 * The access token in the session cookie the page's Supabase client wrote (`@supabase/ssr`):
 * the cookie `name`, or its chunks `name.0`, `name.1`…, holding the session as JSON, plain or
 * `base64-` and base64url. Undefined when there is none or it cannot be read.
 */
export async function accessTokenFromCookies(
	name: string,
	read: (cookieName: string) => string | undefined
): Promise<string | undefined> {
	try {
		const value = await combineChunks(name, read);
		if (!value) return undefined;
		const json = value.startsWith(BASE64_PREFIX)
			? stringFromBase64URL(value.slice(BASE64_PREFIX.length))
			: value;
		const session: unknown = JSON.parse(json);
		const token =
			session && typeof session === 'object' && 'access_token' in session
				? session.access_token
				: undefined;
		return typeof token === 'string' && token ? token : undefined;
	} catch {
		return undefined;
	}
}

/** The names of the session cookie and of its chunks among `names`, to clear on sign-out. */
export function sessionCookieNames(name: string, names: readonly string[]): string[] {
	return names.filter(
		(n) => n === name || (n.startsWith(`${name}.`) && /^\d+$/.test(n.slice(name.length + 1)))
	);
}
