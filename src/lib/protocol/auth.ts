import { z } from 'zod';
import { weakPasswordReason } from './password-rule';

/** Sign-in body. */
export const credentials = z.strictObject({
	email: z.string().trim().toLowerCase().max(254).pipe(z.email('must be an email address')),
	password: z.string().min(1, 'must not be empty').max(1024)
});
export type Credentials = z.infer<typeof credentials>;

/** Sign-up body: the credentials of a new account, whose password must not be trivially weak. */
export const newCredentials = credentials.superRefine((value, context) => {
	const reason = weakPasswordReason(value.password, value.email);
	if (reason) context.addIssue({ code: 'custom', path: ['password'], message: reason });
});

/** The signed-in user as the API returns it. */
export const user = z.object({ id: z.string(), email: z.string() });
export type User = z.infer<typeof user>;

/** `{ user }`, the answer of signup, login and me. */
export const userResponse = z.object({ user });

/**
 * A readable cookie the server sets beside its HttpOnly session cookie and clears with it. It
 * holds no secret: it tells the page that a session may be there to ask about.
 */
export const SIGNED_IN_COOKIE = 'outpost_signed_in';

/** How a server signs people in (`GET /api/auth/config`). */
export const authConfig = z.discriminatedUnion('mode', [
	/** Its own accounts: `/api/auth/signup` and `/api/auth/login`. */
	z.object({ mode: z.literal('local') }),
	/** Supabase Auth: the page signs in with supabase-js at `url`, with the public `anonKey`. */
	z.object({ mode: z.literal('supabase'), url: z.url(), anonKey: z.string().min(1) })
]);
export type AuthConfig = z.infer<typeof authConfig>;
