import type { RecordType } from '$lib/protocol/record';
import { isoTimestamp } from './sql-time';
import type { StoredRecord } from './stored-record';

const DATA_COLUMNS = {
	title: 'text',
	session_id: 'text',
	role: 'text',
	content: 'text',
	model: 'text',
	status: 'text',
	input_tokens: 'int',
	output_tokens: 'int',
	elapsed_ms: 'int'
} as const;

const SESSION_DATA: ReadonlySet<string> = new Set(['title']);

function columnsOf(type: RecordType): string {
	const data = Object.entries(DATA_COLUMNS).map(([name, sqlType]) =>
		(type === 'session') === SESSION_DATA.has(name) ? name : `null::${sqlType} as ${name}`
	);
	return [
		`'${type}'::text as type, id, version::int as version, deleted, hash`,
		...data,
		`${isoTimestamp('created_at')} as created_at, ${isoTimestamp('updated_at')} as updated_at`
	].join(', ');
}

/**
 * The select lists of the two record tables, with the same columns in the same order (so that
 * they can be joined with `union all`), in the shape rowToRecord reads.
 */
export const SESSION_COLUMNS = columnsOf('session');
export const MESSAGE_COLUMNS = columnsOf('message');

/** A row of either record table as the queries above return it. */
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
			status: 'complete',
			inputTokens: Number(row.input_tokens ?? 0),
			outputTokens: Number(row.output_tokens ?? 0),
			elapsedMs: Number(row.elapsed_ms ?? 0),
			createdAt: row.created_at ?? '',
			updatedAt: row.updated_at ?? ''
		}
	};
}
