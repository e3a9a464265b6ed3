-- Every stored record: one column list for both tables, timestamps as the protocol's ISO 8601
-- UTC text with milliseconds. outpost_record_json turns a row of it into the record a client
-- gets. security_invoker: row-level security applies to whoever reads it.
create or replace view outpost_records with (security_invoker = true) as
	select user_id, 'session'::text as type, id, version, deleted, hash, title,
		null::text as session_id, null::text as role, null::text as content, null::text as model,
		null::text as status, null::integer as input_tokens, null::integer as output_tokens,
		null::integer as elapsed_ms,
		to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
		to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at,
		null::text as reply_request, null::text as reply_to, null::text as error
	from chat_sessions
	union all
	select user_id, 'message'::text, id, version, deleted, hash, null::text, session_id, role,
		content, model, status, input_tokens, output_tokens, elapsed_ms,
		to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
		to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
		reply_request, reply_to, error
	from chat_messages;

grant select on outpost_records to authenticated;

-- A row of outpost_records (as to_jsonb gives it) as the protocol's record with its version
-- (docs/protocol.md): {type, id, version, op: 'delete'} for a tombstone, else {type, id,
-- version, op: 'upsert', hash, data}. The only place that names both a column and the field of
-- the protocol it is; outpost_push_write (50_push.sql) reads the fields back into the columns.
-- Takes the row's JSON, not the row, so that a caller can leave rows out by their size without
-- reading their text (a whole row would be read in full). PL/pgSQL, as outpost_cursor below: a
-- SQL function is not inlined where its argument is costly and used more than once, and one not
-- inlined is planned again in every statement that calls it.
create or replace function outpost_record_json(p_row jsonb) returns jsonb
language plpgsql immutable
as $$
begin
	return jsonb_build_object('type', p_row -> 'type', 'id', p_row -> 'id',
		'version', p_row -> 'version') || case
		when (p_row ->> 'deleted')::boolean or p_row ->> 'hash' is null then
			jsonb_build_object('op', 'delete')
		when p_row ->> 'type' = 'session' then
			jsonb_build_object('op', 'upsert', 'hash', p_row -> 'hash', 'data', jsonb_build_object(
				'title', coalesce(p_row ->> 'title', ''),
				'createdAt', coalesce(p_row ->> 'created_at', ''),
				'updatedAt', coalesce(p_row ->> 'updated_at', '')))
		else
			jsonb_build_object('op', 'upsert', 'hash', p_row -> 'hash', 'data', jsonb_build_object(
				'sessionId', coalesce(p_row ->> 'session_id', ''),
				'role', p_row -> 'role',
				'content', coalesce(p_row ->> 'content', ''),
				'model', p_row -> 'model',
				'status', coalesce(p_row ->> 'status', 'complete'),
				'inputTokens', coalesce((p_row ->> 'input_tokens')::integer, 0),
				'outputTokens', coalesce((p_row ->> 'output_tokens')::integer, 0),
				'elapsedMs', coalesce((p_row ->> 'elapsed_ms')::integer, 0),
				'createdAt', coalesce(p_row ->> 'created_at', ''),
				'updatedAt', coalesce(p_row ->> 'updated_at', ''))
				|| jsonb_strip_nulls(jsonb_build_object('replyRequest', p_row -> 'reply_request',
					'replyTo', p_row -> 'reply_to', 'error', p_row -> 'error')))
		end;
end
$$;

grant execute on function outpost_record_json(jsonb) to authenticated;

-- The cursor of change number p_seq, as src/lib/sync/cursor.ts writes it: c1. and base 36.
-- PL/pgSQL: a SQL function with an aggregate cannot be inlined, and one that is not inlined is
-- planned again in every statement that calls it (about 0.15 ms of each push); a PL/pgSQL
-- function keeps its plans for the session.
create or replace function outpost_cursor(p_seq bigint) returns text
language plpgsql immutable strict
as $$
declare
	v_rest bigint := p_seq;
	v_digits text := '';
begin
	loop
		v_digits := substr('0123456789abcdefghijklmnopqrstuvwxyz', (v_rest % 36)::int + 1, 1)
			|| v_digits;
		v_rest := v_rest / 36;
		exit when v_rest = 0;
	end loop;
	return 'c1.' || v_digits;
end
$$;
