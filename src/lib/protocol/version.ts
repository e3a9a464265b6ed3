/**
 * The sync protocol version spoken by this build.
 *
 * 1: records (session, message), push with exactly-once batches, pull with an opaque cursor.
 *    Extended (optional, compatible): `accountId` on push, pull and chat binds a request to the
 *    account of the device journal it comes from (`409 account_mismatch` otherwise).
 */
export const PROTOCOL_VERSION = 1;
