import type { MessageData, SessionData } from '$lib/protocol/record';
import { localKey, type LocalRecord } from '$lib/sync/local-record';
import { at, messageData, sessionData } from '../../../../tests/support/record-data';
import { compareStrings } from '../journal';

/** Builders of journal entries for the contract suite. */

export { at };

/** A made-up record hash (the journal stores hashes, it does not compute them). */
export const hashOf = (seed: string | number): string =>
	`sha256:${String(seed).padStart(64, '0').slice(-64)}`;

/** What the server has of an entry; a new entry is unacknowledged and not refused. */
export interface EntryState {
	acked?: LocalRecord['acked'];
	rejected?: LocalRecord['rejected'];
	changedAt?: number;
	hash?: string;
}

function syncFields(key: string, id: string, state: EntryState, fallbackHash: string) {
	return {
		key,
		id,
		acked: state.acked ?? null,
		version: state.acked ? 1 : null,
		rejected: state.rejected ?? null,
		changedAt: state.changedAt ?? 1000,
		hash: state.hash ?? fallbackHash
	};
}

/** A live session entry. */
export function sessionEntry(
	id: string,
	data: Partial<SessionData> = {},
	state: EntryState = {}
): LocalRecord {
	return {
		...syncFields(localKey('session', id), id, state, hashOf(`s${id}`)),
		type: 'session',
		sessionId: '',
		deleted: false,
		data: sessionData(id, data)
	};
}

/** A live message entry of `sessionId`, complete unless `data.status` says otherwise. */
export function messageEntry(
	id: string,
	sessionId: string,
	data: Partial<MessageData> = {},
	state: EntryState = {}
): LocalRecord {
	return {
		...syncFields(localKey('message', id), id, state, hashOf(`m${id}`)),
		type: 'message',
		sessionId,
		deleted: false,
		data: messageData(id, sessionId, data)
	};
}

/** The tombstone of a record (`sessionId` '' for a session). */
export function tombstone(
	type: LocalRecord['type'],
	id: string,
	sessionId: string,
	state: Omit<EntryState, 'hash'> = {}
): LocalRecord {
	return {
		...syncFields(localKey(type, id), id, state, ''),
		type,
		sessionId,
		deleted: true,
		hash: null,
		data: null
	};
}

/** Entries sorted by key, to compare lists whose order the journal does not promise. */
export const byKey = (list: readonly LocalRecord[]): LocalRecord[] =>
	[...list].sort((a, b) => compareStrings(a.key, b.key));
