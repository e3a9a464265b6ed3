-- Every stored record as the server reads it back (src/lib/server/sync/record-rows.ts): one
-- column list for both tables, timestamps as the protocol's ISO 8601 UTC text with
-- milliseconds. security_invoker: row-level security applies to whoever reads it.
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
