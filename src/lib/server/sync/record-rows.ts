import type { MessageStatus, RecordType } from '$lib/protocol/record';
import type { StoredRecord } from './stored-record';

/** A row of the view outpost_records (see its migration): a stored session or message. */
export interface RecordRow {
	type: RecordType;
	id: string;
	version: number;
	deleted: boolean;
	hash: string | null;
	title?: string | null;
	session_id?: string | null;
	role?: string | null;
	content?: string | null;
	model?: string | null;
	status?: string | null;
	input_tokens?: number | null;
	output_tokens?: number | null;
	elapsed_ms?: number | null;
	created_at: string | null;
	updated_at: string | null;
	reply_request?: string | null;
	reply_to?: string | null;
	error?: string | null;
}

/** Reads a stored record back from its row. */
export function rowToRecord(row: RecordRow): StoredRecord {
	const base = { id: row.id, version: Number(row.version) };
	if (row.deleted || row.hash === null) {
		return { ...base, type: row.type, deleted: true, hash: null, data: null };
	}
	if (row.type === 'session') {
		return {
			...base,
			type: 'session',
			deleted: false,
			hash: row.hash,
			data: {
				title: row.title ?? '',
				createdAt: row.created_at ?? '',
				updatedAt: row.updated_at ?? ''
			}
		};
	}
	return {
		...base,
		type: 'message',
		deleted: false,
		hash: row.hash,
		data: {
			sessionId: row.session_id ?? '',
			role: row.role as 'user' | 'assistant' | 'system',
			content: row.content ?? '',
			model: row.model ?? null,
			status: (row.status ?? 'complete') as MessageStatus,
			inputTokens: Number(row.input_tokens ?? 0),
			outputTokens: Number(row.output_tokens ?? 0),
			elapsedMs: Number(row.elapsed_ms ?? 0),
			createdAt: row.created_at ?? '',
			updatedAt: row.updated_at ?? '',
			...(row.reply_request ? { replyRequest: row.reply_request } : {}),
			...(row.reply_to ? { replyTo: row.reply_to } : {}),
			...(row.error ? { error: row.error } : {})
		}
	};
}
