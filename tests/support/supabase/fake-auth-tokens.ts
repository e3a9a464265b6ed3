import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/** How the stand-in signs access tokens: the project's JWT secret, or a published key. */
export type Signing = { kind: 'secret'; secret: string } | { kind: 'jwks' };

/** Signs access tokens as Supabase Auth does, and publishes the public key in JWKS mode. */
export interface TokenSigner {
	sign(claims: Record<string, unknown>, expiresAt: number): Promise<string>;
	/** The JWKS document (`/auth/v1/.well-known/jwks.json`); empty in secret mode. */
	jwks: { keys: JWK[] };
}

export async function tokenSigner(signing: Signing): Promise<TokenSigner> {
	if (signing.kind === 'secret') {
		const key = new TextEncoder().encode(signing.secret);
		return {
			jwks: { keys: [] },
			sign: (claims, expiresAt) =>
				new SignJWT(claims)
					.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
					.setExpirationTime(expiresAt)
					.sign(key)
		};
	}
	const { privateKey, publicKey } = await generateKeyPair('ES256');
	const kid = 'stand-in-key';
	const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
	return {
		jwks: { keys: [jwk] },
		sign: (claims, expiresAt) =>
			new SignJWT(claims)
				.setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid })
				.setExpirationTime(expiresAt)
				.sign(privateKey)
	};
}
