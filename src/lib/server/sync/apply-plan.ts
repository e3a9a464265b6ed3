import type { Queryable } from '../db/database';
import type { PushPlan } from './plan-push';
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

/**
 * Writes a push plan with one statement per table: only the records the plan changes are
 * written. Returns the user's change sequence after the writes (cascaded tombstones included).
 */
export async function applyPlan(tx: Queryable, userId: string, plan: PushPlan): Promise<number> {
	const sessions = plan.writes.filter((w) => w.type === 'session').map(sessionRow);
	const messages = plan.writes.filter((w) => w.type === 'message').map(messageRow);
	if (sessions.length > 0) {
		await tx.query(
			`insert into chat_sessions (user_id, id, title, created_at, updated_at, hash, version, deleted)
			select $1, x.id, x.title, x.created_at, x.updated_at, x.hash, x.version, x.deleted
			from jsonb_to_recordset($2::text::jsonb) as x(id text, title text, created_at timestamptz,
				updated_at timestamptz, hash text, version bigint, deleted boolean)
			on conflict (user_id, id) do update set title = excluded.title, created_at = excluded.created_at,
				updated_at = excluded.updated_at, hash = excluded.hash, version = excluded.version,
				deleted = excluded.deleted`,
			[userId, JSON.stringify(sessions)]
		);
	}
	if (messages.length > 0) {
		await tx.query(
			`insert into chat_messages (user_id, id, session_id, role, content, model, status, input_tokens,
				output_tokens, elapsed_ms, created_at, updated_at, hash, version, deleted)
			select $1, x.id, x.session_id, x.role, x.content, x.model, x.status, x.input_tokens,
				x.output_tokens, x.elapsed_ms, x.created_at, x.updated_at, x.hash, x.version, x.deleted
			from jsonb_to_recordset($2::text::jsonb) as x(id text, session_id text, role text, content text,
				model text, status text, input_tokens integer, output_tokens integer, elapsed_ms integer,
				created_at timestamptz, updated_at timestamptz, hash text, version bigint, deleted boolean)
			on conflict (user_id, id) do update set session_id = excluded.session_id, role = excluded.role,
				content = excluded.content, model = excluded.model, status = excluded.status,
				input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
				elapsed_ms = excluded.elapsed_ms, created_at = excluded.created_at,
				updated_at = excluded.updated_at, hash = excluded.hash, version = excluded.version,
				deleted = excluded.deleted`,
			[userId, JSON.stringify(messages)]
		);
	}
	let seq = plan.seq;
	if (plan.deletedSessions.length > 0) {
		const cascaded = await tx.query<{ seq: number | null }>(
			`with doomed as (
				select id, row_number() over (order by version, id) as n from chat_messages
				where user_id = $1 and session_id = any($2::text[]) and not deleted
			), updated as (
				update chat_messages m set deleted = true, version = $3 + d.n, hash = null, session_id = null,
					role = null, content = null, model = null, status = null, input_tokens = null,
					output_tokens = null, elapsed_ms = null, created_at = null, updated_at = null
				from doomed d where m.user_id = $1 and m.id = d.id
				returning m.version
			)
			select max(version)::int as seq from updated`,
			[userId, plan.deletedSessions, plan.seq]
		);
		seq = Math.max(seq, Number(cascaded[0]?.seq ?? seq));
	}
	if (plan.usage.length > 0) {
		await tx.query(
			`insert into usage_daily (user_id, day, messages_sent, messages_received, input_tokens, output_tokens)
			select $1, x.day, x.sent, x.received, x.input_tokens, x.output_tokens
			from jsonb_to_recordset($2::text::jsonb) as x(day date, sent integer, received integer,
				input_tokens bigint, output_tokens bigint)
			on conflict (user_id, day) do update set
				messages_sent = usage_daily.messages_sent + excluded.messages_sent,
				messages_received = usage_daily.messages_received + excluded.messages_received,
				input_tokens = usage_daily.input_tokens + excluded.input_tokens,
				output_tokens = usage_daily.output_tokens + excluded.output_tokens`,
			[
				userId,
				JSON.stringify(
					plan.usage.map((u) => ({
						day: u.day,
						sent: u.messagesSent,
						received: u.messagesReceived,
						input_tokens: u.inputTokens,
						output_tokens: u.outputTokens
					}))
				)
			]
		);
	}
	return seq;
}
