import { z } from 'zod';
import { replyEvent } from '$lib/protocol/live-events';
import type { LoopState } from '$lib/sync/sync-loop';

/**
 * What the sync workers of one account's tabs tell each other over their BroadcastChannel.
 * Tabs of two versions of the app may be open at once (an update reaches one tab first), so
 * every message is parsed on arrival and an unknown one is dropped.
 */

/** The Web Lock whose holder is the account's one flusher (the tab that runs the sync loop). */
export function leaderLockName(accountId: string): string {
	return `outpost.sync-leader.${accountId}`;
}

/** The BroadcastChannel of the sync workers of one account's tabs. */
export function tabChannelName(accountId: string): string {
	return `outpost.sync.${accountId}`;
}

// `satisfies` fails to compile when the loop gains or loses a state this list does not follow.
const LOOP_STATES = {
	idle: true,
	running: true,
	waiting: true,
	paused: true,
	'other-account': true
} satisfies Record<LoopState, true>;
/** A loop state as it crosses the channel. */
export const loopState = z.enum(Object.keys(LOOP_STATES) as [LoopState, ...LoopState[]]);

/** A ChangeNotice (see sync-worker-api.ts) as it crosses the channel. */
export const changeNotice = z.object({
	sessions: z.array(z.string()),
	messages: z.array(z.object({ sessionId: z.string(), ids: z.array(z.string()) })),
	status: z.boolean()
});

/**
 * When the push carrying a change should go: at once (what the user sent), within the push
 * window (other messages, deletions), or after quiet (a title). See PushTrigger.
 */
export const pushKind = z.enum(['now', 'soon', 'quiet']);
export type PushKind = z.infer<typeof pushKind>;

/** A tab wrote these records to the journal: every page reads them, the leader pushes them. */
export const wroteMessage = z.object({
	type: z.literal('wrote'),
	notice: changeNotice,
	push: pushKind
});
export type WroteMessage = z.infer<typeof wroteMessage>;

/** The leader's sync pass wrote these records (acknowledged, refused, pulled). */
export const syncedMessage = z.object({ type: z.literal('synced'), notice: changeNotice });
export type SyncedMessage = z.infer<typeof syncedMessage>;

/** The leader's loop state: sent on every change, on taking the lead, and to a `hello`. */
export const stateMessage = z.object({ type: z.literal('state'), state: loopState });
export type StateMessage = z.infer<typeof stateMessage>;

/** A tab opened the journal: the leader answers with its `state`. */
export const helloMessage = z.object({ type: z.literal('hello') });
export type HelloMessage = z.infer<typeof helloMessage>;

/** A follower asks the leader for a pass now (the Sync now button). */
export const syncNowMessage = z.object({ type: z.literal('sync-now'), requestId: z.string() });
export type SyncNowMessage = z.infer<typeof syncNowMessage>;

/** The leader's pass asked for by `sync-now` `requestId` is done. */
export const syncDoneMessage = z.object({ type: z.literal('sync-done'), requestId: z.string() });
export type SyncDoneMessage = z.infer<typeof syncDoneMessage>;

/**
 * A tab was told another account signed in (`held: true`, otherAccount()) or that the
 * journal's own account is back (`held: false`, resume()): every tab applies it.
 */
export const accountMessage = z.object({ type: z.literal('account'), held: z.boolean() });
export type AccountMessage = z.infer<typeof accountMessage>;

/**
 * A piece of a reply being written, heard by the leader's live events: every tab's page shows
 * it. (Only the leader holds the account's events stream.)
 */
export const replyMessage = z.object({ type: z.literal('reply'), reply: replyEvent });
export type ReplyMessage = z.infer<typeof replyMessage>;

/** Any message of the tabs' channel. */
export const tabMessage = z.discriminatedUnion('type', [
	wroteMessage,
	syncedMessage,
	stateMessage,
	helloMessage,
	syncNowMessage,
	syncDoneMessage,
	accountMessage,
	replyMessage
]);
export type TabMessage = z.infer<typeof tabMessage>;
