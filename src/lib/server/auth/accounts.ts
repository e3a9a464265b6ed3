import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database';
import type { Credentials, User } from '$lib/protocol/auth';
import { decoyHash, hashPassword, verifyPassword } from './password';
import { SESSION_TTL_SECONDS } from './session-token';

/** Creates an account, or says the email is taken. */
export async function createAccount(
	db: Queryable,
	credentials: Credentials
): Promise<{ ok: true; user: User } | { ok: false; code: 'email_taken' }> {
	const hash = await hashPassword(credentials.password);
	const rows = await db.query<User>(
		`insert into app_users (email, password_hash) values ($1, $2)
		on conflict (email) do nothing returning id::text as id, email`,
		[credentials.email, hash]
	);
	const user = rows[0];
	return user ? { ok: true, user } : { ok: false, code: 'email_taken' };
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

/** The user of a live session, or undefined when it ended or expired. */
export async function sessionUser(
	db: Queryable,
	sessionId: string,
	userId: string
): Promise<User | undefined> {
	const [row] = await db.query<User>(
		`select u.id::text as id, u.email from auth_sessions s join app_users u on u.id = s.user_id
		where s.id = $1 and s.user_id::text = $2 and s.expires_at > now()`,
		[sessionId, userId]
	);
	return row;
}

/** Ends a session. */
export async function closeSession(db: Queryable, sessionId: string): Promise<void> {
	await db.query('delete from auth_sessions where id = $1', [sessionId]);
}
