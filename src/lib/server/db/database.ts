/** Something SQL can be sent to: the database itself or an open transaction. */
export interface Queryable {
	/** Runs one statement with `$1`-style parameters and returns its rows. */
	query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
	/** Runs a script of several statements without parameters (migrations). */
	exec(script: string): Promise<void>;
}

/** An open transaction. */
export interface Transaction extends Queryable {
	/**
	 * Sends COMMIT right behind the statements already sent, without waiting for them: one
	 * round trip less. If one of them fails, the server rolls back instead, and that
	 * statement's promise rejects. Nothing may be sent after it.
	 */
	commitEarly(): Promise<void>;
}

/** How a listener hears about its connection. */
export interface ListenOptions {
	/**
	 * Called each time listening resumes after the connection was lost and made again:
	 * notifications sent in between were missed. Never called for the first listen.
	 */
	onReconnect?: () => void;
}

/** The backends Outpost runs on. */
export type DatabaseKind = 'pglite' | 'postgres';

/** A database connection pool (or the embedded database) behind one interface. */
export interface Database extends Queryable {
	readonly kind: DatabaseKind;
	/** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
	transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
	/**
	 * Runs `work` on a connection of its own once one is free, outside any transaction: each of
	 * its statements commits by itself. Nothing is sent before the connection is free, so `work`
	 * may still send nothing (a client that left while it waited). PGlite runs `work` holding
	 * the database, inside a transaction.
	 */
	reserved<T>(work: (connection: Queryable) => Promise<T>): Promise<T>;
	/**
	 * Calls `onPayload` with the payload of every notification sent on `channel` (by
	 * `pg_notify` or NOTIFY, from this process or any other on the same database) from the
	 * moment it resolves. A notification sent inside a transaction comes once that commits,
	 * never when it rolls back. Listening keeps its own connection and resumes after that
	 * connection is lost (see `onReconnect`). Resolves with the function that stops it.
	 */
	listen(
		channel: string,
		onPayload: (payload: string) => void,
		options?: ListenOptions
	): Promise<() => Promise<void>>;
	/** Closes the database; it cannot be used afterwards. */
	close(): Promise<void>;
}
