/** The name of the HttpOnly cookie that holds the session token. */
export const SESSION_COOKIE = 'outpost_session';
