import { SignJWT, jwtVerify } from 'jose';

/** How long a sign-in lasts. */
export const SESSION_TTL_SECONDS = 30 * 24 * 60 * 60;

/** What a session token says: the user and the server-side session it belongs to. */
export interface SessionClaims {
	userId: string;
	sessionId: string;
}

/** Signs a session token (an HS256 JWT) for a session. */
export function signSessionToken(claims: SessionClaims, secret: Uint8Array): Promise<string> {
	return new SignJWT({ sid: claims.sessionId })
		.setProtectedHeader({ alg: 'HS256' })
		.setSubject(claims.userId)
		.setIssuedAt()
		.setExpirationTime(`${SESSION_TTL_SECONDS}s`)
		.sign(secret);
}

/** The claims of a valid, unexpired token signed with `secret`, or undefined. */
export async function verifySessionToken(
	token: string,
	secret: Uint8Array
): Promise<(SessionClaims & { expiresAt: number }) | undefined> {
	try {
		const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
		if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return undefined;
		if (typeof payload.exp !== 'number') return undefined;
		return { userId: payload.sub, sessionId: payload.sid, expiresAt: payload.exp * 1000 };
	} catch {
		return undefined;
	}
}
