import type { Queryable } from '../db/database';
import type { PushPlan } from './plan-push';
import type { ResponsePiece } from './response-text';
import type { SessionStatsDelta } from './session-stats';
import type { StoredRecord } from './stored-record';

function sessionRow(record: StoredRecord) {
	const data = record.type === 'session' && !record.deleted ? record.data : null;
	return {
		id: record.id,
		version: record.version,
		deleted: record.deleted,
		hash: record.hash,
		title: data?.title ?? null,
		created_at: data?.createdAt ?? null,
		updated_at: data?.updatedAt ?? null
	};
}

function messageRow(record: StoredRecord) {
	const data = record.type === 'message' && !record.deleted ? record.data : null;
	return {
		id: record.id,
		version: record.version,
		deleted: record.deleted,
		hash: record.hash,
		session_id: data?.sessionId ?? null,
		role: data?.role ?? null,
		content: data?.content ?? null,
		model: data?.model ?? null,
		status: data?.status ?? null,
		input_tokens: data?.inputTokens ?? null,
		output_tokens: data?.outputTokens ?? null,
		elapsed_ms: data?.elapsedMs ?? null,
		created_at: data?.createdAt ?? null,
		updated_at: data?.updatedAt ?? null
	};
}

// Every write statement reads its rows from one JSON payload ($2) and takes the user as $1,
// so that the writes of a push can be joined into one statement of data-modifying CTEs.
// Versions and the sequence in the payload count from `base`: 0 for a plan made from the
// stored records, the user's sequence for a one-trip plan (see ONE_TRIP_PAYLOAD).
const PAYLOAD = 'payload as (select $2::text::jsonb as j), base as (select 0::bigint as v)';
// A one-trip plan was made before the stored records were read, on the assumption that
// outpost_push_begin, run just before in the same transaction, checks and records in the
// setting outpost.one_trip. When it does not hold, the payload is empty and nothing is written.
const ONE_TRIP_PAYLOAD = `payload as (select $2::text::jsonb as j
		where current_setting('outpost.one_trip', true) = 'on'),
	base as (select seq as v from sync_state where user_id = $1)`;
const rowsOf = (part: string) => `jsonb_to_recordset((select j -> '${part}' from payload))`;

const UPSERT_SESSIONS = `insert into chat_sessions (user_id, id, title, created_at, updated_at, hash, version, deleted)
	select $1, x.id, x.title, x.created_at, x.updated_at, x.hash, x.version + (select v from base),
		x.deleted
	from ${rowsOf('sessions')} as x(id text, title text, created_at timestamptz,
		updated_at timestamptz, hash text, version bigint, deleted boolean)
	on conflict (user_id, id) do update set title = excluded.title, created_at = excluded.created_at,
		updated_at = excluded.updated_at, hash = excluded.hash, version = excluded.version,
		deleted = excluded.deleted,
		message_count = case when excluded.deleted then 0 else chat_sessions.message_count end,
		total_tokens = case when excluded.deleted then 0 else chat_sessions.total_tokens end,
		last_message_id = case when excluded.deleted then null else chat_sessions.last_message_id end,
		last_message_at = case when excluded.deleted then null else chat_sessions.last_message_at end,
		last_message_preview = case when excluded.deleted then null else chat_sessions.last_message_preview end`;

const UPSERT_MESSAGES = `insert into chat_messages (user_id, id, session_id, role, content, model, status,
		input_tokens, output_tokens, elapsed_ms, created_at, updated_at, hash, version, deleted)
	select $1, x.id, x.session_id, x.role, x.content, x.model, x.status, x.input_tokens,
		x.output_tokens, x.elapsed_ms, x.created_at, x.updated_at, x.hash,
		x.version + (select v from base), x.deleted
	from ${rowsOf('messages')} as x(id text, session_id text, role text, content text,
		model text, status text, input_tokens integer, output_tokens integer, elapsed_ms integer,
		created_at timestamptz, updated_at timestamptz, hash text, version bigint, deleted boolean)
	on conflict (user_id, id) do update set session_id = excluded.session_id, role = excluded.role,
		content = excluded.content, model = excluded.model, status = excluded.status,
		input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
		elapsed_ms = excluded.elapsed_ms, created_at = excluded.created_at,
		updated_at = excluded.updated_at, hash = excluded.hash, version = excluded.version,
		deleted = excluded.deleted`;

// Adds the deltas and moves the preview forward when the push stored a newer message. Written
// as an upsert that always meets its own row: each session is found with a primary-key probe
// (the lateral copy), and the conflict sends it to the update. A plain UPDATE ... FROM joins the
// payload to the table as the planner sees fit, and before statistics exist it may read every
// session of the user, and keep that plan once the user has thousands.
const UPDATE_STATS = `insert into chat_sessions as s (user_id, id, title, created_at, updated_at, hash,
		version, deleted, message_count, total_tokens, last_message_id, last_message_at,
		last_message_preview)
	select $1, t.id, t.title, t.created_at, t.updated_at, t.hash, t.version, t.deleted,
		d.messages, d.tokens, d.latest_id, d.latest_at, d.latest_preview
	from ${rowsOf('stats')} as d(session_id text, messages integer, tokens bigint,
		latest_id text, latest_at timestamptz, latest_preview text)
	cross join lateral (select * from chat_sessions
		where user_id = $1 and id = d.session_id limit 1) t
	on conflict (user_id, id) do update set
		message_count = s.message_count + excluded.message_count,
		total_tokens = s.total_tokens + excluded.total_tokens,
		(last_message_id, last_message_at, last_message_preview) = (
			select l.id, l.at, l.preview
			from (values (excluded.last_message_id, excluded.last_message_at, excluded.last_message_preview, 1),
				(s.last_message_id, s.last_message_at, s.last_message_preview, 0)) as l(id, at, preview, fresh)
			order by l.at desc nulls last, l.id desc, l.fresh desc limit 1
		)`;

// When a session's newest message went away, finds the new newest with one index probe. An
// upsert that always meets its own row, for the reason UPDATE_STATS is one.
const RECHECK_LATEST = `insert into chat_sessions as s (user_id, id, title, created_at, updated_at, hash,
		version, deleted, last_message_id, last_message_at, last_message_preview)
	select $1, t.id, t.title, t.created_at, t.updated_at, t.hash, t.version, t.deleted,
		m.id, m.created_at, left(m.content, 200)
	from ${rowsOf('removed')} as r(session_id text, removed_ids text[])
	cross join lateral (select * from chat_sessions
		where user_id = $1 and id = r.session_id limit 1) t
	left join lateral (
		select id, created_at, content from chat_messages
		where user_id = $1 and session_id = r.session_id and not deleted
		order by created_at desc, id desc limit 1
	) m on true
	where t.last_message_id = any(r.removed_ids)
	on conflict (user_id, id) do update set last_message_id = excluded.last_message_id,
		last_message_at = excluded.last_message_at, last_message_preview = excluded.last_message_preview`;

const ADD_USAGE = `insert into usage_daily (user_id, day, messages_sent, messages_received, input_tokens, output_tokens)
	select $1, x.day, x.sent, x.received, x.input_tokens, x.output_tokens
	from ${rowsOf('usage')} as x(day date, sent integer, received integer,
		input_tokens bigint, output_tokens bigint)
	on conflict (user_id, day) do update set
		messages_sent = usage_daily.messages_sent + excluded.messages_sent,
		messages_received = usage_daily.messages_received + excluded.messages_received,
		input_tokens = usage_daily.input_tokens + excluded.input_tokens,
		output_tokens = usage_daily.output_tokens + excluded.output_tokens`;

const SET_SEQ = `update sync_state set seq = (select v from base) + (select (j ->> 'seq')::bigint from payload)
	where user_id = $1 and exists (select 1 from payload)`;

// The response is the plan's, or for a one-trip plan put together here from its pieces (see
// response-text.ts): the cursor and the versions are only known now. Either way the text
// stored is the text every sender of the batch gets.
const STORE_BATCH = `insert into sync_batches (user_id, batch_id, body_hash, response)
	select $1, j -> 'batch' ->> 'batchId', j -> 'batch' ->> 'bodyHash',
		coalesce(j -> 'batch' ->> 'response', (
			select string_agg(p ->> 'text' || case
				when p ? 'cursor' then outpost_cursor((select v from base) + (p ->> 'cursor')::bigint)
				when p ? 'version' then ((select v from base) + (p ->> 'version')::bigint)::text
				else '' end, '' order by i)
			from jsonb_array_elements(j -> 'batch' -> 'pieces') with ordinality as e(p, i)))
	from payload
	returning response`;

const CASCADE_DELETE = `with doomed as (
		select id, row_number() over (order by version, id) as n from chat_messages
		where user_id = $1 and session_id = any($2::text[]) and not deleted
	), updated as (
		update chat_messages m set deleted = true, version = $3 + d.n, hash = null, session_id = null,
			role = null, content = null, model = null, status = null, input_tokens = null,
			output_tokens = null, elapsed_ms = null, created_at = null, updated_at = null
		from doomed d where m.user_id = $1 and m.id = d.id
		returning m.version
	)
	select coalesce(max(version), $3)::int as seq from updated`;

function statsRows(stats: readonly SessionStatsDelta[]) {
	return stats.map((d) => ({
		session_id: d.sessionId,
		messages: d.messages,
		tokens: d.tokens,
		latest_id: d.latest?.id ?? null,
		latest_at: d.latest?.at ?? null,
		latest_preview: d.latest?.preview ?? null
	}));
}

/**
 * Tombstones the stored messages of the sessions a plan deletes, numbering them after the
 * plan's own changes. Returns the user's change sequence after them.
 */
export async function cascadeDeletes(
	tx: Queryable,
	userId: string,
	plan: PushPlan
): Promise<number> {
	if (plan.deletedSessions.length === 0) return plan.seq;
	const [row] = await tx.query<{ seq: number }>(CASCADE_DELETE, [
		userId,
		plan.deletedSessions,
		plan.seq
	]);
	return Number(row?.seq ?? plan.seq);
}

/**
 * Rows a push writes: its records, the messages a session delete tombstoned, session stats,
 * usage days, the sequence when it moved, and the batch record.
 */
export function rowsWritten(
	plan: Pick<PushPlan, 'writes' | 'usage'>,
	stats: readonly SessionStatsDelta[],
	cascaded: number,
	seqMoved: boolean
): number {
	return plan.writes.length + cascaded + stats.length + plan.usage.length + (seqMoved ? 1 : 0) + 1;
}

/** One SQL statement with its parameters. */
export interface Statement {
	text: string;
	params: unknown[];
}

/**
 * What a push writes besides its records: the new change sequence and the batch record, with
 * its response text, or for a one-trip plan the pieces it is put together from.
 */
export interface WriteTail {
	seq?: number;
	batch?: { batchId: string; bodyHash: string } & (
		{ response: string } | { pieces: ResponsePiece[] }
	);
}

/**
 * Joins data-modifying statements into one, each as a CTE over the shared payload. The
 * statement returns one row: the stored response when it stores the batch, else null.
 */
function joined(parts: readonly string[], payload: string): string {
	const ctes = parts.map((sql, i) => `w${i} as (${sql})`);
	const batch = parts.indexOf(STORE_BATCH);
	const response = batch < 0 ? 'null::text' : `(select response from w${batch})`;
	return `with ${[payload, ...ctes].join(',\n')}\nselect ${response} as response`;
}

/**
 * The statements that write a plan: only the records it changes, its stats, usage and tail,
 * as few statements as keep every reference valid (usually one). A statement's CTEs cannot
 * see each other's writes, so the session upsert goes first when the stats touch the same
 * table, and the latest-message recheck, which reads the written messages, goes last. With
 * `oneTrip`, the plan counts versions from 0 and is written only if outpost_push_begin found
 * the assumption it was made on true.
 */
export function writeStatements(
	userId: string,
	plan: Pick<PushPlan, 'writes' | 'usage'>,
	stats: readonly SessionStatsDelta[],
	tail: WriteTail = {},
	options: { oneTrip?: boolean } = {}
): Statement[] {
	const sessions = plan.writes.filter((w) => w.type === 'session').map(sessionRow);
	const messages = plan.writes.filter((w) => w.type === 'message').map(messageRow);
	const removed = stats
		.filter((d) => d.removedIds.length > 0)
		.map((d) => ({ session_id: d.sessionId, removed_ids: d.removedIds }));
	const usage = plan.usage.map((u) => ({
		day: u.day,
		sent: u.messagesSent,
		received: u.messagesReceived,
		input_tokens: u.inputTokens,
		output_tokens: u.outputTokens
	}));
	const params = [
		userId,
		JSON.stringify({ sessions, messages, stats: statsRows(stats), removed, usage, ...tail })
	];
	const first: string[] = [];
	const main: string[] = [];
	if (sessions.length > 0) (stats.length > 0 ? first : main).push(UPSERT_SESSIONS);
	if (messages.length > 0) main.push(UPSERT_MESSAGES);
	if (stats.length > 0) main.push(UPDATE_STATS);
	if (usage.length > 0) main.push(ADD_USAGE);
	if (tail.seq !== undefined) main.push(SET_SEQ);
	if (tail.batch !== undefined) main.push(STORE_BATCH);
	const last = removed.length > 0 ? [RECHECK_LATEST] : [];
	return [first, main, last]
		.filter((parts) => parts.length > 0)
		.map((parts) => ({
			text: joined(parts, options.oneTrip ? ONE_TRIP_PAYLOAD : PAYLOAD),
			params
		}));
}
