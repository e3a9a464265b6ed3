import { z } from 'zod';

/**
 * The account a request is bound to: the id of the user whose device journal it comes from.
 * Any string up to 200 characters is accepted; one that is not the signed-in user's id gets
 * `409 account_mismatch`.
 */
export const accountId = z.string().min(1).max(200);
export type AccountId = z.infer<typeof accountId>;

/** The problem code of a request bound to another account than the signed-in one. */
export const ACCOUNT_MISMATCH = 'account_mismatch';
