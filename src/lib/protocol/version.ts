/**
 * The sync protocol version spoken by this build.
 *
 * 1: records (session, message), push with exactly-once batches, pull with an opaque cursor.
 */
export const PROTOCOL_VERSION = 1;
