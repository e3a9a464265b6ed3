import type { Queryable } from './database';

/**
 * Makes the rest of the transaction act as the signed-in user under row-level security:
 * the JWT claims Supabase's `auth.uid()` reads, and the role `authenticated`
 * (outpost_act_as, supabase/schemas/00_auth.sql). Only the current transaction is affected.
 */
export function actAsUser(tx: Queryable, userId: string): Promise<unknown> {
	return tx.query('select outpost_act_as($1::uuid)', [userId]);
}
