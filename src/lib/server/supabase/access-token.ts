import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { SupabaseConfig } from './supabase-config';

/** What the server takes from a verified Supabase access token. */
export interface SupabaseClaims {
	userId: string;
	email: string;
	/** The Supabase Auth session the token belongs to (its `session_id`). */
	sessionId: string;
	/** When the token expires, in ms since the epoch. */
	expiresAt: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks a Supabase access token; resolves to its claims, or undefined for any token not good. */
export type AccessTokenVerifier = (token: string) => Promise<SupabaseClaims | undefined>;

/**
 * A verifier of the project's access tokens (with `jose`): signed with the JWT secret (HS256)
 * when the configuration has it, else by one of the project's published keys; issued by the
 * project's Auth (`<url>/auth/v1`) for the audience and role `authenticated`, not expired.
 */
export function accessTokenVerifier(config: SupabaseConfig): AccessTokenVerifier {
	const issuer = `${config.url}/auth/v1`;
	const key: Uint8Array | JWTVerifyGetKey = config.jwtSecret
		? new TextEncoder().encode(config.jwtSecret)
		: createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`), {
				timeoutDuration: 5_000,
				cooldownDuration: 30_000
			});
	const algorithms = config.jwtSecret ? ['HS256'] : ['ES256', 'RS256'];
	return async (token) => {
		try {
			const { payload } = await jwtVerify(token, key as Uint8Array, {
				issuer,
				audience: 'authenticated',
				algorithms,
				requiredClaims: ['sub', 'exp']
			});
			const { sub, exp, role, email, session_id: sessionId } = payload;
			if (role !== 'authenticated' || typeof sub !== 'string' || !UUID.test(sub)) return undefined;
			if (typeof exp !== 'number') return undefined;
			return {
				userId: sub.toLowerCase(),
				email: typeof email === 'string' ? email : '',
				sessionId: typeof sessionId === 'string' && sessionId ? sessionId : sub,
				expiresAt: exp * 1000
			};
		} catch {
			return undefined;
		}
	};
}
