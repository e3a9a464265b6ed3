import type { Database } from './db/database';
import { actAsUser } from './db/user-transaction';
import type { UsageDay, UsageQuery } from '$lib/protocol/usage';

/** A user's usage for each UTC day of a range, zeros included. */
export async function readUsage(
	db: Database,
	userId: string,
	range: UsageQuery
): Promise<UsageDay[]> {
	return db.transaction(async (tx) => {
		await actAsUser(tx, userId);
		return tx.query<UsageDay>(
			`select to_char(d.day, 'YYYY-MM-DD') as "date",
				coalesce(u.messages_sent, 0)::int as "messagesSent",
				coalesce(u.messages_received, 0)::int as "messagesReceived",
				coalesce(u.input_tokens, 0)::float8 as "inputTokens",
				coalesce(u.output_tokens, 0)::float8 as "outputTokens"
			from generate_series($2::date, $3::date, interval '1 day') as d(day)
			left join usage_daily u on u.user_id = $1 and u.day = d.day::date
			order by d.day`,
			[userId, range.from, range.to]
		);
	});
}
