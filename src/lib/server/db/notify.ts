import type { Queryable } from './database';

/**
 * Sends `payload` to the listeners of `channel` on every connection to the database. Sent on
 * a transaction, it goes out when that commits and never when it rolls back. PostgreSQL takes
 * payloads shorter than 8000 bytes.
 */
export async function notify(db: Queryable, channel: string, payload: string): Promise<void> {
	await db.query('select pg_notify($1, $2)', [channel, payload]);
}
