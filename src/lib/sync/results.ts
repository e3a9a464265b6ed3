import type { PushResult } from '$lib/protocol/push';
import type { LocalRecord } from './local-record';
import { fromWireRecord } from './merge';

/**
 * A local record after the server answered for one state of it (`sentHash`; null for a
 * delete). When the record changed on the device since, only what the answer says of the
 * server is taken: the new local state stays pending.
 */
export function applyResult(
	record: LocalRecord,
	sentHash: string | null,
	result: PushResult
): LocalRecord {
	const unchangedSince = record.hash === sentHash;
	const version = result.version ?? record.version;
	switch (result.status) {
		case 'inserted':
		case 'updated':
		case 'unchanged':
			return { ...record, acked: sentHash, version, rejected: null };
		case 'deleted':
			return { ...record, acked: 'deleted', version, rejected: null };
		case 'stale': {
			if (!result.current) return { ...record, version };
			const current = fromWireRecord(result.current, record.changedAt, version ?? null);
			return unchangedSince
				? current
				: { ...record, acked: current.deleted ? 'deleted' : current.hash, version };
		}
		case 'rejected': {
			// The session may reach the server in a later batch (a replay can land out of order):
			// the message stays pending and goes again in a new batch.
			if (result.code === 'unknown_session') return { ...record, version };
			if (result.code === 'deleted') {
				return {
					...record,
					type: record.type,
					deleted: true,
					hash: null,
					data: null,
					acked: 'deleted',
					rejected: null,
					version
				};
			}
			return {
				...record,
				rejected: { hash: sentHash, code: result.code ?? 'rejected', message: result.message ?? '' }
			};
		}
	}
}
