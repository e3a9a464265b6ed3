import type { SyncRecord } from '$lib/protocol/record';
import { isPending, localKey, type LocalRecord } from './local-record';

/** A local record holding exactly a server state, acknowledged. */
export function fromWireRecord(
	wire: SyncRecord,
	changedAt: number,
	version: number | null
): LocalRecord {
	const base = {
		key: localKey(wire.type, wire.id),
		id: wire.id,
		version,
		rejected: null,
		changedAt
	};
	if (wire.op === 'delete') {
		return {
			...base,
			type: wire.type,
			sessionId: '',
			deleted: true,
			hash: null,
			data: null,
			acked: 'deleted'
		};
	}
	return wire.type === 'session'
		? {
				...base,
				type: 'session',
				sessionId: '',
				deleted: false,
				hash: wire.hash,
				data: wire.data,
				acked: wire.hash
			}
		: {
				...base,
				type: 'message',
				sessionId: wire.data.sessionId,
				deleted: false,
				hash: wire.hash,
				data: wire.data,
				acked: wire.hash
			};
}

/**
 * The local record after pulling a server state: the server's, unless the device holds a
 * newer unacknowledged change (last writer wins by updatedAt, then hash), which stays
 * pending. Deletions always win.
 */
export function mergePulled(
	local: LocalRecord | undefined,
	remote: SyncRecord & { version: number },
	now: number
): LocalRecord {
	const pulled = fromWireRecord(remote, local?.changedAt ?? now, remote.version);
	if (!local || remote.op === 'delete' || !isPending(local)) return pulled;
	// A local deletion not yet pushed wins over any server state: its tombstone will.
	if (local.deleted) return { ...local, version: remote.version };
	if (local.hash === remote.hash) return { ...local, acked: remote.hash, version: remote.version };
	const remoteAt = remote.data.updatedAt;
	const localAt = local.data.updatedAt;
	const localWins = localAt > remoteAt || (localAt === remoteAt && local.hash > remote.hash);
	return localWins ? { ...local, acked: remote.hash, version: remote.version } : pulled;
}
