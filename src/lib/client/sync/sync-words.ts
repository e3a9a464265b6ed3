import type { SyncStatusView } from '$lib/worker/sync-worker-api';
import { timeAgo } from './time-ago';

/** How the sync area looks: all is well, work under way, waiting, or something to act on. */
export type SyncTone = 'ok' | 'busy' | 'waiting' | 'warn' | 'error';

/** What the sync area's strip under the header says, and the button it offers. */
export interface SyncNotice {
	tone: 'warn' | 'error';
	text: string;
	/** `sync`: try again now. */
	action: 'sync' | null;
}

/** What the sync area shows, from the worker's status. */
export interface SyncSummary {
	tone: SyncTone;
	/** The label of the badge ("All synced", "Offline · 2 to sync", "Server busy · 1 to sync"). */
	label: string;
	/** The label where there is little room, a phone's header ("Offline", "Server busy"). */
	short: string;
	/**
	 * When the last sync went through, if ever: in full ("just now", "Last synced 2 min ago")
	 * and where there is little room ("just now", "synced 2 min ago").
	 */
	since: { long: string; short: string } | null;
	/** A sentence and an action for what needs the reader's attention, if anything does. */
	notice: SyncNotice | null;
}

/** "1 change", "3 changes". */
export function changes(count: number): string {
	return count === 1 ? '1 change' : `${count} changes`;
}

/** What the changes waiting do, in a sentence ("3 changes wait on this device."). */
function waiting(pending: number): string {
	if (pending === 0) return 'Your chats are safe on this device.';
	return `${changes(pending)} ${pending === 1 ? 'waits' : 'wait'} on this device.`;
}

/** The short name of a failure and its sentence, by the HTTP status of the last answer. */
function failureWords(status: number): { label: string; short: string; reason: string } {
	if (status === 0) {
		return {
			label: 'Server unreachable',
			short: "Can't connect",
			reason: 'The server cannot be reached right now.'
		};
	}
	if (status === 503) {
		return {
			label: 'Server busy',
			short: 'Server busy',
			reason: 'The server is busy or down for a moment (503).'
		};
	}
	if (status === 429) {
		return {
			label: 'Server busy',
			short: 'Server busy',
			reason: 'The server asked Outpost to slow down (429).'
		};
	}
	if (status === 408) {
		return {
			label: 'Server slow',
			short: 'Server slow',
			reason: 'The server took too long to answer (408).'
		};
	}
	return {
		label: 'Server error',
		short: 'Server error',
		reason: `The server had a problem (${status}).`
	};
}

/** Why the server refused a batch, by its status. */
function refusalReason(status: number): string {
	if (status === 413) return 'they were too large to send';
	if (status === 409) return 'it already had a different batch under the same name';
	if (status === 415 || status === 400) return 'it could not read them; reloading Outpost may help';
	return `it answered ${status}`;
}

/** The notice of batches the server refused, if any. */
function refusedNotice(refused: SyncStatusView['refused']): SyncNotice | null {
	const first = refused[0];
	if (!first) return null;
	const count = refused.reduce((sum, batch) => sum + batch.records, 0);
	return {
		tone: 'error',
		text: `The server refused ${changes(count)}: ${refusalReason(first.status)}. They stay on this device.`,
		action: null
	};
}

/**
 * The sync area's words for `status` at time `now`. "Offline" is said only when the browser is
 * offline (`status.online` follows `navigator.onLine`); a server that cannot be reached or
 * answers 5xx while the browser is online is called that, with the reason and the retry.
 */
export function syncWords(status: SyncStatusView, now: number): SyncSummary {
	const ago = status.lastSyncedAt === null ? null : timeAgo(status.lastSyncedAt, now);
	const pending = status.pending > 0 ? ` · ${status.pending} to sync` : '';
	const since = ago === null ? null : { long: `Last synced ${ago}`, short: `synced ${ago}` };
	const refused = refusedNotice(status.refused);
	if (status.state === 'paused') {
		return {
			tone: 'warn',
			label: 'Sign in again to sync',
			short: 'Signed out',
			since,
			notice: null
		};
	}
	if (status.state === 'other-account') {
		const label = 'Not syncing: another account signed in';
		return { tone: 'warn', label, short: 'Not syncing', since, notice: null };
	}
	if (!status.online) {
		return {
			tone: 'waiting',
			label: `Offline${pending}`,
			short: 'Offline',
			since,
			notice: refused ?? {
				tone: 'warn',
				text: `You are offline. ${waiting(status.pending)} Everything syncs when you are back online.`,
				action: null
			}
		};
	}
	if (status.lastError !== null) {
		const failure = failureWords(status.lastError.status);
		return {
			tone: 'error',
			label: `${failure.label}${pending}`,
			short: failure.short,
			since,
			notice: refused ?? {
				tone: 'warn',
				text: `${failure.reason} ${waiting(status.pending)} Outpost tries again by itself.`,
				action: 'sync'
			}
		};
	}
	if (status.pending > 0) {
		const label = status.state === 'running' ? 'Syncing…' : `${status.pending} to sync`;
		return { tone: 'busy', label, short: label, since, notice: refused };
	}
	const label = 'All synced';
	const when = ago === null ? null : { long: ago, short: ago };
	return { tone: refused ? 'error' : 'ok', label, short: label, since: when, notice: refused };
}
