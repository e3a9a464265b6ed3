/** What the browser says of the connection (the Network Information API), where it says it. */
export interface ConnectionHints {
	saveData?: boolean;
	effectiveType?: string;
}

/** How eagerly the device syncs. */
export interface SyncPace {
	/** Changes other than a Send within this share a push. */
	pushWindowMs: number;
	/** A title being edited is pushed after this long without an edit. */
	quietMs: number;
	/** The syncing tab pulls after this long without a pass, events or not. */
	fallbackPullMs: number;
	/** The page pulls after this long without news of an awaited reply. */
	quietReplyPullMs: number;
}

export const NORMAL_PACE: SyncPace = {
	pushWindowMs: 1_000,
	quietMs: 1_000,
	fallbackPullMs: 3 * 60_000,
	quietReplyPullMs: 5_000
};

/**
 * The pace where the user asked to save data or the connection is 2G: changes wait longer to
 * share a push, and pulls nobody asked for wait longer. A Send still goes at once, and the
 * server's live events still bring a change as it happens.
 */
export const THRIFTY_PACE: SyncPace = {
	pushWindowMs: 5_000,
	quietMs: 5_000,
	fallbackPullMs: 15 * 60_000,
	quietReplyPullMs: 30_000
};

/** Whether the connection asks for thrift: `saveData`, or an effective type of 2G or slower. */
export function savesData(connection: ConnectionHints | null | undefined): boolean {
	if (!connection) return false;
	return (
		connection.saveData === true ||
		connection.effectiveType === '2g' ||
		connection.effectiveType === 'slow-2g'
	);
}

/** The pace for `connection` (read each time: the connection changes as the user moves). */
export function syncPace(connection: ConnectionHints | null | undefined): SyncPace {
	return savesData(connection) ? THRIFTY_PACE : NORMAL_PACE;
}

/** The browser's connection hints in a page or a worker, where it has them (Chromium). */
export function browserConnection(): ConnectionHints | undefined {
	return (navigator as { connection?: ConnectionHints }).connection;
}
