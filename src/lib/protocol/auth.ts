import { z } from 'zod';

/** Sign-up and sign-in body. */
export const credentials = z.strictObject({
	email: z.string().trim().toLowerCase().max(254).pipe(z.email('must be an email address')),
	password: z.string().min(8, 'must be at least 8 characters').max(1024)
});
export type Credentials = z.infer<typeof credentials>;

/** The signed-in user as the API returns it. */
export const user = z.object({ id: z.string(), email: z.string() });
export type User = z.infer<typeof user>;

/** `{ user }`, the answer of signup, login and me. */
export const userResponse = z.object({ user });
