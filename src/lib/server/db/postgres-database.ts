import postgres from 'postgres';
import type { Database, Queryable } from './database';

/** Options for a PostgreSQL pool. */
export interface PostgresOptions {
	/** Most connections this process opens. */
	max?: number;
}

/** Connects to the PostgreSQL server at `url` (a `postgres://` connection string). */
export function openPostgresDatabase(url: string, options: PostgresOptions = {}): Database {
	const sql = postgres(url, {
		max: options.max ?? 10,
		onnotice: () => {},
		// Dates and int8 are read as text by the queries themselves; keep the driver's defaults
		// from turning a jsonb parameter into a JSON string (see ENVIRONMENT.md).
		prepare: true
	});
	const asQueryable = (target: postgres.Sql | postgres.TransactionSql): Queryable => ({
		async query<Row>(text: string, params: readonly unknown[] = []) {
			const rows = await target.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
			return rows as unknown as Row[];
		},
		async exec(script: string) {
			// The simple protocol is the one that takes several statements in one string.
			await target.unsafe(script).simple();
		}
	});
	return {
		kind: 'postgres',
		...asQueryable(sql),
		async transaction(work) {
			return (await sql.begin((tx) => work(asQueryable(tx)))) as Awaited<ReturnType<typeof work>>;
		},
		async close() {
			await sql.end({ timeout: 5 });
		}
	};
}
