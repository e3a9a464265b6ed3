-- The reads that open a push find each record by its primary key, one index probe per id, so
-- that they cost the same however many records the user has, and they take fewer statements.
--
-- The change indexes that pulls read in version order become partial (every stored version is
-- positive, so they hold every row). A pull states `version > 0` and uses them; a lookup by
-- primary key cannot. Before a table has statistics, the planner otherwise costs
-- "user_id = $1, then filter on id" over the change index the same as the primary-key probe,
-- may pick it, and then keeps that plan while it reads every record the user has.
create index if not exists chat_sessions_user_changes_idx on chat_sessions (user_id, version)
	where version > 0;
drop index if exists chat_sessions_user_version_idx;
create index if not exists chat_messages_user_changes_idx on chat_messages (user_id, version)
	where version > 0;
drop index if exists chat_messages_user_version_idx;

-- Generic plans from the first call: custom plans, which know how many ids each array holds,
-- look cheaper to the plan cache and would be planned again on every push.
create or replace function outpost_push_begin(
	p_user uuid,
	p_batch_id text,
	p_session_ids text[],
	p_message_ids text[],
	p_rate_limit integer
) returns jsonb
language plpgsql volatile
set plan_cache_mode = force_generic_plan
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

	v_retry_after := outpost_count_request(p_user, p_rate_limit);
	if v_retry_after is not null then
		return jsonb_build_object('retryAfter', v_retry_after);
	end if;

	select seq into v_seq from sync_state where user_id = p_user for update;
	if not found then
		insert into sync_state (user_id) values (p_user) on conflict (user_id) do nothing;
		select seq into v_seq from sync_state where user_id = p_user for update;
	end if;

	-- A new statement, so a new snapshot: it sees every batch committed before the lock. Each
	-- record is one primary-key probe (lateral, one row at most); the batch is looked up and
	-- the records loaded in the same statement.
	select b.batch, case when b.batch is null then (
		select coalesce(jsonb_agg(r), '[]'::jsonb) from (
			select 'session' as type, s.id, s.version, s.deleted, s.hash, s.title,
				null::text as session_id, null::text as role, null::text as content,
				null::text as model, null::text as status, null::int as input_tokens,
				null::int as output_tokens, null::int as elapsed_ms,
				to_char(s.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
				to_char(s.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at
			from unnest(p_session_ids) as k(id)
			cross join lateral (select * from chat_sessions
				where user_id = p_user and id = k.id limit 1) s
			union all
			select 'message', m.id, m.version, m.deleted, m.hash, null, m.session_id, m.role,
				m.content, m.model, m.status, m.input_tokens, m.output_tokens, m.elapsed_ms,
				to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
				to_char(m.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
			from unnest(p_message_ids) as k(id)
			cross join lateral (select * from chat_messages
				where user_id = p_user and id = k.id limit 1) m
		) r
	) end
	into v_batch, v_records
	from (
		select (select jsonb_build_object('bodyHash', body_hash, 'response', response)
			from sync_batches where user_id = p_user and batch_id = p_batch_id) as batch
	) b;
	if v_batch is not null then
		return jsonb_build_object('seq', v_seq, 'batch', v_batch);
	end if;
	return jsonb_build_object('seq', v_seq, 'records', v_records);
end
$$;
