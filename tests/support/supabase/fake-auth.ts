import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tokenSigner, type Signing, type TokenSigner } from './fake-auth-tokens';

/**
 * A stand-in for a Supabase project's Auth HTTP API (GoTrue), from its documented requests and
 * answers: sign-up and password sign-in, refresh, PKCE sign-in links (`/otp`, `/verify`, the
 * `pkce` grant), `/user`, `/logout` and the JWKS document. Emails are kept, not sent. Supabase
 * lies outside the project: the tests run the real supabase-js, server and database against
 * this.
 */
export interface FakeSupabaseAuth {
	/** The project URL (`SUPABASE_URL`). */
	url: string;
	anonKey: string;
	/** The JWT secret in secret mode (`SUPABASE_JWT_SECRET`). */
	jwtSecret: string | undefined;
	/** The last sign-in link emailed to `email`. */
	lastLink(email: string): string | undefined;
	/** Signs a token with any claims, for tests of bad tokens. */
	signToken(claims: Record<string, unknown>, expiresAt: number): Promise<string>;
	/** How many `/logout` calls ended a session. */
	readonly logouts: number;
	close(): Promise<void>;
}

interface AuthUser {
	id: string;
	email: string;
	password: string | null;
	createdAt: string;
}

interface AuthSession {
	id: string;
	userId: string;
	ended: boolean;
}

/** The environment a server needs to run in Supabase mode against `auth`. */
export function supabaseEnv(
	auth: Pick<FakeSupabaseAuth, 'url' | 'anonKey' | 'jwtSecret'>
): Record<string, string> {
	return {
		SUPABASE_URL: auth.url,
		SUPABASE_ANON_KEY: auth.anonKey,
		...(auth.jwtSecret ? { SUPABASE_JWT_SECRET: auth.jwtSecret } : {})
	};
}

const CORS = {
	'access-control-allow-origin': '*',
	'access-control-allow-headers':
		'authorization, apikey, content-type, x-client-info, x-supabase-api-version',
	'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS'
};

function send(res: ServerResponse, status: number, body?: unknown, headers = {}): void {
	res.writeHead(status, {
		...CORS,
		...headers,
		...(body === undefined ? {} : { 'content-type': 'application/json' })
	});
	res.end(body === undefined ? undefined : JSON.stringify(body));
}

/** GoTrue's error shape. */
function fail(res: ServerResponse, status: number, errorCode: string, msg: string): void {
	send(res, status, { code: status, error_code: errorCode, msg });
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
	let text = '';
	for await (const chunk of req) text += chunk;
	try {
		const parsed: unknown = JSON.parse(text || '{}');
		return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** Starts the stand-in on a free loopback port. */
export async function startFakeSupabaseAuth(
	options: { signing?: Signing; tokenTtlSeconds?: number } = {}
): Promise<FakeSupabaseAuth> {
	const signing = options.signing ?? {
		kind: 'secret',
		secret: randomBytes(32).toString('base64url')
	};
	const signer: TokenSigner = await tokenSigner(signing);
	const ttl = options.tokenTtlSeconds ?? 3600;
	const anonKey = `anon-${randomBytes(8).toString('hex')}`;
	const users = new Map<string, AuthUser>();
	const sessions = new Map<string, AuthSession>();
	const refreshTokens = new Map<string, string>();
	const links = new Map<string, string>();
	const pendingLinks = new Map<string, { email: string; challenge: string; redirect: string }>();
	const authCodes = new Map<string, { email: string; challenge: string }>();
	let logouts = 0;
	let url = '';

	const userJson = (user: AuthUser) => ({
		id: user.id,
		aud: 'authenticated',
		role: 'authenticated',
		email: user.email,
		email_confirmed_at: user.createdAt,
		phone: '',
		app_metadata: { provider: 'email', providers: ['email'] },
		user_metadata: {},
		identities: [],
		created_at: user.createdAt,
		updated_at: user.createdAt,
		is_anonymous: false
	});

	async function issue(user: AuthUser, session: AuthSession, method: string) {
		const now = Math.floor(Date.now() / 1000);
		const expiresAt = now + ttl;
		const accessToken = await signer.sign(
			{
				iss: `${url}/auth/v1`,
				sub: user.id,
				aud: 'authenticated',
				iat: now,
				email: user.email,
				phone: '',
				app_metadata: { provider: 'email', providers: ['email'] },
				user_metadata: {},
				role: 'authenticated',
				aal: 'aal1',
				amr: [{ method, timestamp: now }],
				session_id: session.id,
				is_anonymous: false
			},
			expiresAt
		);
		const refreshToken = randomBytes(16).toString('hex');
		refreshTokens.set(refreshToken, session.id);
		return {
			access_token: accessToken,
			token_type: 'bearer',
			expires_in: ttl,
			expires_at: expiresAt,
			refresh_token: refreshToken,
			user: userJson(user)
		};
	}

	function newSession(user: AuthUser): AuthSession {
		const session = { id: randomUUID(), userId: user.id, ended: false };
		sessions.set(session.id, session);
		return session;
	}

	function findUser(email: string): AuthUser | undefined {
		return users.get(email.trim().toLowerCase());
	}

	function createUser(email: string, password: string | null): AuthUser {
		const user = {
			id: randomUUID(),
			email: email.trim().toLowerCase(),
			password,
			createdAt: new Date().toISOString()
		};
		users.set(user.email, user);
		return user;
	}

	/** The session and user of a bearer access token, checked by its session only. */
	function bearerSession(req: IncomingMessage): AuthSession | undefined {
		const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
		if (!token) return undefined;
		try {
			const payload = JSON.parse(
				Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()
			) as { session_id?: string };
			const session = sessions.get(payload.session_id ?? '');
			return session && !session.ended ? session : undefined;
		} catch {
			return undefined;
		}
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const requestUrl = new URL(req.url ?? '/', url);
		const path = requestUrl.pathname.replace(/^\/auth\/v1/, '');
		if (req.method === 'OPTIONS') return send(res, 204);
		if (req.method === 'GET' && path === '/.well-known/jwks.json')
			return send(res, 200, signer.jwks);
		// An emailed link is opened without the key, as it is on Supabase.
		if (req.headers.apikey !== anonKey && !(req.method === 'GET' && path === '/verify')) {
			return fail(res, 401, 'no_api_key', 'Invalid API key');
		}
		if (req.method === 'POST' && path === '/signup') {
			const body = await readBody(req);
			const email = text(body.email);
			const password = text(body.password);
			if (!email.includes('@'))
				return fail(
					res,
					400,
					'validation_failed',
					'Unable to validate email address: invalid format'
				);
			if (password.length < 6)
				return fail(res, 422, 'weak_password', 'Password should be at least 6 characters.');
			if (findUser(email)) return fail(res, 422, 'user_already_exists', 'User already registered');
			const user = createUser(email, password);
			return send(res, 200, await issue(user, newSession(user), 'password'));
		}
		if (req.method === 'POST' && path === '/token') {
			const grant = requestUrl.searchParams.get('grant_type');
			const body = await readBody(req);
			if (grant === 'password') {
				const user = findUser(text(body.email));
				if (!user || user.password === null || user.password !== text(body.password)) {
					return fail(res, 400, 'invalid_credentials', 'Invalid login credentials');
				}
				return send(res, 200, await issue(user, newSession(user), 'password'));
			}
			if (grant === 'refresh_token') {
				const sessionId = refreshTokens.get(text(body.refresh_token));
				const session = sessionId ? sessions.get(sessionId) : undefined;
				const user = session && [...users.values()].find((u) => u.id === session.userId);
				if (!session || session.ended || !user) {
					return fail(
						res,
						400,
						'refresh_token_not_found',
						'Invalid Refresh Token: Refresh Token Not Found'
					);
				}
				refreshTokens.delete(text(body.refresh_token));
				return send(res, 200, await issue(user, session, 'password'));
			}
			if (grant === 'pkce') {
				const code = authCodes.get(text(body.auth_code));
				if (!code || s256(text(body.code_verifier)) !== code.challenge) {
					return fail(
						res,
						400,
						'flow_state_not_found',
						'invalid flow state, no valid flow state found'
					);
				}
				authCodes.delete(text(body.auth_code));
				const user = findUser(code.email) ?? createUser(code.email, null);
				return send(res, 200, await issue(user, newSession(user), 'otp'));
			}
			return fail(res, 400, 'validation_failed', 'unsupported_grant_type');
		}
		if (req.method === 'POST' && path === '/otp') {
			const body = await readBody(req);
			const email = text(body.email).trim().toLowerCase();
			const challenge = text(body.code_challenge);
			if (!email.includes('@') || !challenge) {
				return fail(
					res,
					400,
					'validation_failed',
					'Unable to validate email address: invalid format'
				);
			}
			const token = randomBytes(12).toString('hex');
			const redirect = requestUrl.searchParams.get('redirect_to') ?? text(body.redirect_to) ?? '';
			pendingLinks.set(token, { email, challenge, redirect });
			const verify = new URL(`${url}/auth/v1/verify`);
			verify.searchParams.set('token', token);
			verify.searchParams.set('type', 'magiclink');
			verify.searchParams.set('redirect_to', redirect);
			links.set(email, verify.href);
			return send(res, 200, {});
		}
		if (req.method === 'GET' && path === '/verify') {
			const token = requestUrl.searchParams.get('token') ?? '';
			const link = pendingLinks.get(token);
			if (!link) return fail(res, 403, 'otp_expired', 'Email link is invalid or has expired');
			pendingLinks.delete(token);
			const code = randomUUID();
			authCodes.set(code, { email: link.email, challenge: link.challenge });
			const back = new URL(requestUrl.searchParams.get('redirect_to') || link.redirect);
			back.searchParams.set('code', code);
			res.writeHead(303, { location: back.href });
			res.end();
			return;
		}
		if (req.method === 'GET' && path === '/user') {
			const session = bearerSession(req);
			const user = session && [...users.values()].find((u) => u.id === session.userId);
			if (!user) return fail(res, 401, 'bad_jwt', 'invalid JWT');
			return send(res, 200, userJson(user));
		}
		if (req.method === 'POST' && path === '/logout') {
			const session = bearerSession(req);
			if (!session) return fail(res, 401, 'bad_jwt', 'invalid JWT');
			session.ended = true;
			logouts += 1;
			return send(res, 204);
		}
		return fail(res, 404, 'not_found', 'Not found');
	}

	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (!res.headersSent) fail(res, 500, 'unexpected_failure', String(error));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		url,
		anonKey,
		jwtSecret: signing.kind === 'secret' ? signing.secret : undefined,
		lastLink: (email) => links.get(email.trim().toLowerCase()),
		signToken: (claims, expiresAt) => signer.sign(claims, expiresAt),
		get logouts() {
			return logouts;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}
