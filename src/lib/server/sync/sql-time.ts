/** SQL that renders a timestamptz column as the protocol's ISO 8601 UTC text with milliseconds. */
export function isoTimestamp(column: string): string {
	return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
