-- The reads that open a push, in one statement instead of seven: act as the user under
-- row-level security, count the request against the rate limit, lock the user's sync_state
-- row (which serialises that user's pushes across connections and instances), then find the
-- batch and the stored records it names. Every statement of a VOLATILE function takes a new
-- snapshot, so the batch lookup, after the lock, sees every batch committed before the lock
-- was granted. Each statement a client sends costs a round of socket writes on both sides,
-- which on small machines costs more than running it.
-- Counts one push or pull of the user in the current minute; null while within p_limit, else
-- the seconds until the minute ends. A limit of 0 turns the limit off and counts nothing.
create or replace function outpost_count_request(p_user uuid, p_limit integer) returns integer
language plpgsql volatile
as $$
declare
	v_requests integer;
	v_retry_after integer;
begin
	if p_limit <= 0 then
		return null;
	end if;
	insert into sync_rate (user_id, window_start, requests)
	values (p_user, date_trunc('minute', now()), 1)
	on conflict (user_id) do update set
		requests = case when sync_rate.window_start = excluded.window_start
			then sync_rate.requests + 1 else 1 end,
		window_start = excluded.window_start
	returning requests,
		greatest(1, ceil(extract(epoch from (window_start + interval '1 minute' - now()))))::int
	into v_requests, v_retry_after;
	return case when v_requests > p_limit then v_retry_after end;
end
$$;

grant execute on function outpost_count_request(uuid, integer) to authenticated;

create or replace function outpost_push_begin(
	p_user uuid,
	p_batch_id text,
	p_session_ids text[],
	p_message_ids text[],
	p_rate_limit integer
) returns jsonb
language plpgsql volatile
as $$
declare
	v_retry_after integer;
	v_seq bigint;
	v_batch jsonb;
	v_records jsonb;
begin
	perform set_config('request.jwt.claims',
		json_build_object('sub', p_user, 'role', 'authenticated')::text, true);
	perform set_config('role', 'authenticated', true);

	insert into sync_state (user_id) values (p_user) on conflict (user_id) do nothing;
	v_retry_after := outpost_count_request(p_user, p_rate_limit);
	if v_retry_after is not null then
		return jsonb_build_object('retryAfter', v_retry_after);
	end if;

	select seq into v_seq from sync_state where user_id = p_user for update;

	select jsonb_build_object('bodyHash', body_hash, 'response', response) into v_batch
	from sync_batches where user_id = p_user and batch_id = p_batch_id;
	if v_batch is not null then
		return jsonb_build_object('seq', v_seq, 'batch', v_batch);
	end if;

	select coalesce(jsonb_agg(r), '[]'::jsonb) into v_records from (
		select 'session' as type, id, version, deleted, hash, title,
			null::text as session_id, null::text as role, null::text as content,
			null::text as model, null::text as status, null::int as input_tokens,
			null::int as output_tokens, null::int as elapsed_ms,
			to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
			to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at
		from chat_sessions where user_id = p_user and id = any(p_session_ids)
		union all
		select 'message', id, version, deleted, hash, null, session_id, role, content, model,
			status, input_tokens, output_tokens, elapsed_ms,
			to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
			to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
		from chat_messages where user_id = p_user and id = any(p_message_ids)
	) r;
	return jsonb_build_object('seq', v_seq, 'records', v_records);
end
$$;

grant execute on function outpost_push_begin(uuid, text, text[], text[], integer) to authenticated;
