/**
 * The sync protocol version spoken by this build.
 *
 * 1: records (session, message), push with exactly-once batches, pull with an opaque cursor.
 *    Extended (optional, compatible): `accountId` on push, pull and chat binds a request to the
 *    account of the device journal it comes from (`409 account_mismatch` otherwise).
 * 2: replies are the server's job: a user message's `replyRequest` asks for one, the server
 *    writes it as an assistant message with `replyTo` (status `streaming`, then `complete`,
 *    `stopped` or `failed` with `error`). Live events (`GET /api/sync/events`). A server speaking
 *    2 takes pushes of protocol 1 too.
 */
export const PROTOCOL_VERSION = 2;

/** The push envelope versions this server takes. */
export const ACCEPTED_PROTOCOLS = [1, 2] as const;
