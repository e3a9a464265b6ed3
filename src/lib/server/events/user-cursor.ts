import type { Queryable } from '../db/database';

/** The pull cursor of `userId`'s newest change, or null when the user has none. */
export async function userCursor(db: Queryable, userId: string): Promise<string | null> {
	const cursors = await userCursors(db, [userId]);
	return cursors.get(userId) ?? null;
}

/** The pull cursor of each user's newest change, for those of `userIds` that have one. */
export async function userCursors(
	db: Queryable,
	userIds: readonly string[]
): Promise<Map<string, string>> {
	if (userIds.length === 0) return new Map();
	const rows = await db.query<{ user_id: string; cursor: string }>(
		`select user_id::text as user_id, outpost_cursor(seq) as cursor from sync_state
		where user_id in (select value::uuid from jsonb_array_elements_text($1::text::jsonb))
			and seq > 0`,
		[JSON.stringify(userIds)]
	);
	return new Map(rows.map((row) => [row.user_id, row.cursor]));
}
