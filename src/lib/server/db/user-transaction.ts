import type { Queryable } from './database';

/**
 * Makes the rest of the transaction act as the signed-in user under row-level security:
 * the JWT claims Supabase's `auth.uid()` reads, and the role `authenticated`. Only the
 * current transaction is affected.
 */
export function actAsUser(tx: Queryable, userId: string): Promise<unknown> {
	return tx.query(
		`select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)`,
		[JSON.stringify({ sub: userId, role: 'authenticated' })]
	);
}
