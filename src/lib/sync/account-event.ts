import { z } from 'zod';

/**
 * What one tab tells the others of the browser about its session: someone signed in (or a
 * start found them signed in), or someone signed out. There is one session cookie per
 * browser, so the newest `signed-in` names the account every request now goes out as.
 */
export const accountEvent = z.discriminatedUnion('type', [
	z.object({ type: z.literal('signed-in'), userId: z.string().min(1) }),
	z.object({ type: z.literal('signed-out'), userId: z.string().min(1) })
]);
export type AccountEvent = z.infer<typeof accountEvent>;

/**
 * What a tab does about another tab's account event:
 * - `sign-out`: its own user signed out: close the journal and show the sign-in form;
 * - `other-account`: another account signed in: stop syncing the journal and say so;
 * - `resume`: its own account signed in again: sync again;
 * - `none`: nothing (the tab shows no user, or the event is about someone else's sign-out).
 */
export type AccountReaction = 'none' | 'sign-out' | 'other-account' | 'resume';

/** The reaction of a tab whose journal belongs to `journalUserId` (null: nobody signed in). */
export function reactToAccountEvent(
	event: AccountEvent,
	journalUserId: string | null
): AccountReaction {
	if (journalUserId === null) return 'none';
	const own = event.userId === journalUserId;
	if (event.type === 'signed-out') return own ? 'sign-out' : 'none';
	return own ? 'resume' : 'other-account';
}
