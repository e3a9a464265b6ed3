const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long ago `then` was, as the sync area says it: "just now", "2 min ago", "3 h ago",
 * "yesterday", then the date ("3 May"). Both times are epoch milliseconds.
 */
export function timeAgo(then: number, now: number): string {
	const ago = Math.max(0, now - then);
	if (ago < 45_000) return 'just now';
	if (ago < HOUR) return `${Math.max(1, Math.round(ago / MINUTE))} min ago`;
	if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
	if (ago < 2 * DAY) return 'yesterday';
	return `on ${new Date(then).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })}`;
}
