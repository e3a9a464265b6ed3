import postgres from 'postgres';
import { checkChannelName, deliverPayload } from './channel-name';
import type { Database, Queryable } from './database';
import { pipeline } from './pipeline';

/** Options for a PostgreSQL pool. */
export interface PostgresOptions {
	/** Most connections this process opens. */
	max?: number;
	/**
	 * A direct connection string to the same database, given when `url` is a transaction-mode
	 * pooler (PgBouncer, Supavisor's port 6543). Listening goes there, since a pooler hands the
	 * connection that sent LISTEN to other clients; and statements through the pool are not
	 * prepared, since a named prepared statement lives on one server connection and the pooler
	 * runs the next transaction on any of them.
	 */
	directUrl?: string;
}

type Target = postgres.Sql | postgres.ReservedSql;

// COMMIT in the extended protocol: postgres.js sends a query without parameters in the simple
// protocol, which it holds back until the statements before it are answered, and that costs
// the round trip commitEarly saves. `simple` is a runtime option its types do not list.
const commitOptions = (prepare: boolean) =>
	({ simple: false, prepare }) as postgres.UnsafeQueryOptions;

/**
 * Seconds before connecting again after the `retries`-th failure in a row: postgres.js's own
 * curve (30 ms, 90 ms, 270 ms, …, with jitter), capped at 4 s instead of 20 s, so that the
 * listening connection is back within seconds of the database, after an outage of any length.
 */
export function reconnectDelay(retries: number): number {
	return (0.5 + Math.random() / 2) * Math.min(3 ** retries / 100, 4);
}

/**
 * Connects to the PostgreSQL server at `url` (a `postgres://` connection string), or to a
 * transaction-mode pooler in front of it when `options.directUrl` is given: then no statement
 * relies on the server connection outliving its transaction.
 */
export function openPostgresDatabase(url: string, options: PostgresOptions = {}): Database {
	// Prepared (named statements, kept per connection) unless a pooler stands in between: the
	// statements are few and fixed, and planning them again each time (row-level security makes
	// them larger) costs more than running them. Unprepared, postgres.js asks for the parameter
	// types first: a round trip more for each statement with parameters, and the statements
	// behind it on that connection wait for it instead of going out in one pipeline.
	const prepare = options.directUrl === undefined;
	const connect = (target: string, max: number) =>
		postgres(target, {
			max,
			prepare,
			onnotice: () => {},
			connect_timeout: 10,
			backoff: reconnectDelay
		});
	const sql = connect(url, options.max ?? 10);
	// postgres.js listens on a connection of its own, opened by the first listen: through a
	// pooler it must be a direct one.
	const listener = options.directUrl === undefined ? sql : connect(options.directUrl, 1);
	const asQueryable = (target: Target): Queryable => ({
		async query<Row>(text: string, params: readonly unknown[] = []) {
			const query = target.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
				prepare
			});
			// Sent now, not when a microtask gets to `await`: statements go out in the order
			// they were called, which a pipeline (and commitEarly) relies on.
			void query.execute();
			return (await query) as unknown as Row[];
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
			const connection = await sql.reserve();
			let commit: Promise<unknown> | undefined;
			const tx = {
				...asQueryable(connection),
				commitEarly() {
					commit ??= connection.unsafe('commit', [], commitOptions(prepare)).execute();
					return commit.then(() => undefined);
				}
			};
			try {
				// BEGIN is not awaited on its own: it goes out in one pipeline with the first
				// statements of `work`, which the server runs after it, in order.
				const begin = connection.unsafe('begin').execute();
				const [, result] = await pipeline([begin, work(tx)]);
				await (commit ?? connection.unsafe('commit'));
				return result;
			} catch (error) {
				await connection.unsafe('rollback').catch(() => undefined);
				throw error;
			} finally {
				connection.release();
			}
		},
		async reserved(work) {
			const connection = await sql.reserve();
			try {
				return await work(asQueryable(connection));
			} finally {
				connection.release();
			}
		},
		// postgres.js listens on one connection of its own for every channel of this pool, and
		// when that connection is lost it connects again (with backoff) and listens again,
		// calling the third argument each time it is listening.
		async listen(channel, onPayload, options = {}) {
			checkChannelName(channel);
			let listening = false;
			const { unlisten } = await listener.listen(
				channel,
				(payload) => deliverPayload(onPayload, payload),
				() => {
					if (listening) options.onReconnect?.();
					listening = true;
				}
			);
			return async () => {
				await unlisten();
			};
		},
		async close() {
			await Promise.all([sql.end({ timeout: 5 }), listener === sql ? undefined : listener.end()]);
		}
	};
}
