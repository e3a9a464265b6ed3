/** The name of the HttpOnly cookie that holds the session token. */
export const SESSION_COOKIE = 'outpost_session';

const BEARER = /^Bearer\s+(\S+)$/i;

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(authorization: string | null | undefined): string | undefined {
	return authorization?.match(BEARER)?.[1];
}
