import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database';
import type { Credentials, User } from '$lib/protocol/auth';
import type { LiveSession } from './session-cache';
import { decoyHash, hashPassword, verifyPassword } from './password';
import { SESSION_TTL_SECONDS } from './session-token';

/** What a sign-up did: made the account, signed in to the existing one, or neither. */
export type SignUpOutcome =
	{ kind: 'created'; user: User } | { kind: 'existing'; user: User } | { kind: 'wrong_password' };

/**
 * Creates an account for new credentials. For an email that has an account it does what a
 * sign-in would: the account when the password is its password, else `wrong_password`. Either
 * way it hashes one password, so that the time taken does not tell the two apart.
 */
export async function signUpOrIn(db: Queryable, credentials: Credentials): Promise<SignUpOutcome> {
	for (let attempt = 0; attempt < 2; attempt++) {
		const [row] = await db.query<User & { password_hash: string }>(
			'select id::text as id, email, password_hash from app_users where email = $1',
			[credentials.email]
		);
		if (row) {
			return (await verifyPassword(credentials.password, row.password_hash))
				? { kind: 'existing', user: { id: row.id, email: row.email } }
				: { kind: 'wrong_password' };
		}
		const hash = await hashPassword(credentials.password);
		const [created] = await db.query<User>(
			`insert into app_users (email, password_hash) values ($1, $2)
			on conflict (email) do nothing returning id::text as id, email`,
			[credentials.email, hash]
		);
		if (created) return { kind: 'created', user: created };
		// Another request created it meanwhile: answer as for an existing account.
	}
	return { kind: 'wrong_password' };
}

/** The account with these credentials, or undefined (the same for a wrong password and an unknown email). */
export async function findAccount(
	db: Queryable,
	credentials: Credentials
): Promise<User | undefined> {
	const [row] = await db.query<User & { password_hash: string }>(
		'select id::text as id, email, password_hash from app_users where email = $1',
		[credentials.email]
	);
	const matches = await verifyPassword(
		credentials.password,
		row?.password_hash ?? (await decoyHash())
	);
	return row && matches ? { id: row.id, email: row.email } : undefined;
}

/** Opens a server-side session for a user and returns its id. */
export async function openSession(db: Queryable, userId: string): Promise<string> {
	const id = randomBytes(24).toString('base64url');
	await db.query(
		`insert into auth_sessions (id, user_id, expires_at)
		values ($1, $2, now() + make_interval(secs => $3))`,
		[id, userId, SESSION_TTL_SECONDS]
	);
	return id;
}

/** A live session's user and expiry, or undefined when it ended or expired. */
export async function liveSession(
	db: Queryable,
	sessionId: string,
	userId: string
): Promise<LiveSession | undefined> {
	const [row] = await db.query<User & { expiresAt: string }>(
		`select u.id::text as id, u.email,
			(extract(epoch from s.expires_at) * 1000)::bigint::text as "expiresAt"
		from auth_sessions s join app_users u on u.id = s.user_id
		where s.id = $1 and s.user_id::text = $2 and s.expires_at > now()`,
		[sessionId, userId]
	);
	return row && { user: { id: row.id, email: row.email }, expiresAt: Number(row.expiresAt) };
}

/** Ends a session. */
export async function closeSession(db: Queryable, sessionId: string): Promise<void> {
	await db.query('delete from auth_sessions where id = $1', [sessionId]);
}
