import { z } from 'zod';
import { accountId } from './account';
import { versionedRecord } from './record';

/** Default and largest page size of a pull. */
export const PULL_DEFAULT_LIMIT = 500;
export const PULL_MAX_LIMIT = 1000;

/** Query parameters of `GET /api/sync/pull`; `accountId` binds the pull to that account. */
export const pullQuery = z.strictObject({
	accountId: accountId.optional(),
	cursor: z.string().min(1).max(200).optional(),
	/**
	 * Without a cursor: `recent` pages the live state sessions first, then messages, newest
	 * change first (the cursors it answers carry on in that order); `applied` (the default)
	 * in the order the server applied them.
	 */
	order: z.enum(['applied', 'recent']).optional(),
	limit: z.coerce.number().int().min(1).max(PULL_MAX_LIMIT).default(PULL_DEFAULT_LIMIT)
});
export type PullQuery = z.infer<typeof pullQuery>;

/** The `200` answer to a pull. */
export const pullResponse = z.object({
	protocol: z.number().int(),
	records: z.array(versionedRecord),
	cursor: z.string(),
	hasMore: z.boolean()
});
export type PullResponse = z.infer<typeof pullResponse>;
