-- A push of new records in one round trip, and reads that cost the same whatever the history.
--
-- outpost_push_begin finds each record by its primary key, one index probe per id, and takes
-- fewer statements. It also checks the assumption a one-trip plan was made on (see push.ts).
-- Over the rate limit, outpost_count_request now raises, so that the statements sent behind
-- it write nothing.
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

-- Every stored record as the server reads it back (src/lib/server/sync/record-rows.ts): one
-- column list for both tables, timestamps as the protocol's ISO 8601 UTC text with
-- milliseconds. security_invoker: row-level security applies to whoever reads it.
create or replace view outpost_records with (security_invoker = true) as
	select user_id, 'session'::text as type, id, version, deleted, hash, title,
		null::text as session_id, null::text as role, null::text as content, null::text as model,
		null::text as status, null::integer as input_tokens, null::integer as output_tokens,
		null::integer as elapsed_ms,
		to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
		to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at
	from chat_sessions
	union all
	select user_id, 'message'::text, id, version, deleted, hash, null::text, session_id, role,
		content, model, status, input_tokens, output_tokens, elapsed_ms,
		to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
		to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
	from chat_messages;

grant select on outpost_records to authenticated;

-- The cursor of change number p_seq, as src/lib/sync/cursor.ts writes it: c1. and base 36.
create or replace function outpost_cursor(p_seq bigint) returns text
language sql immutable strict
as $$
	select 'c1.' || string_agg(
		substr('0123456789abcdefghijklmnopqrstuvwxyz', (p_seq / power(36, k)::bigint % 36)::int + 1, 1),
		'' order by k desc)
	from generate_series(0, 12) as k
	where k = 0 or power(36, k) <= p_seq
$$;

-- Counts one push or pull of the user in the current minute. Over p_limit it raises SQLSTATE
-- OR429 with the seconds until the minute ends as its detail: the error rolls the transaction
-- back, the count and any statement sent behind it with it. A limit of 0 counts nothing.
drop function if exists outpost_count_request(uuid, integer);
create function outpost_count_request(p_user uuid, p_limit integer) returns void
language plpgsql volatile
as $$
declare
	v_requests integer;
	v_retry_after integer;
begin
	if p_limit <= 0 then
		return;
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
	if v_requests > p_limit then
		raise exception 'rate limited' using errcode = 'OR429', detail = v_retry_after::text;
	end if;
end
$$;

grant execute on function outpost_count_request(uuid, integer) to authenticated;

-- p_external: for a push planned for one round trip, the sessions its messages name that the
-- batch does not hold. The plan holds when the batch is new, none of its own records is stored
-- yet, and every one of those sessions is stored and live. Then the transaction's setting
-- outpost.one_trip is on, and the write statements pipelined behind this one write; otherwise
-- they write nothing.
--
-- Generic plans from the first call: custom plans, which know how many ids each array holds,
-- look cheaper to the plan cache and would be planned again on every push.
drop function if exists outpost_push_begin(uuid, text, text[], text[], integer);
create or replace function outpost_push_begin(
	p_user uuid,
	p_batch_id text,
	p_session_ids text[],
	p_message_ids text[],
	p_rate_limit integer,
	p_external text[]
) returns jsonb
language plpgsql volatile
set plan_cache_mode = force_generic_plan
as $$
declare
	v_seq bigint;
	v_batch jsonb;
	v_records jsonb;
	v_one_trip boolean := false;
begin
	perform set_config('request.jwt.claims',
		json_build_object('sub', p_user, 'role', 'authenticated')::text, true);
	perform set_config('role', 'authenticated', true);

	perform outpost_count_request(p_user, p_rate_limit);

	select seq into v_seq from sync_state where user_id = p_user for update;
	if not found then
		insert into sync_state (user_id) values (p_user) on conflict (user_id) do nothing;
		select seq into v_seq from sync_state where user_id = p_user for update;
	end if;

	-- A new statement, so a new snapshot: it sees every batch committed before the lock. Each
	-- record is one primary-key probe (lateral, one row at most); the batch is looked up and
	-- the records loaded in the same statement.
	select b.batch, case when b.batch is null then (
		select coalesce(jsonb_agg(to_jsonb(r) - 'user_id'), '[]'::jsonb) from (
			select s.* from unnest(p_session_ids) as k(id)
			cross join lateral (select * from outpost_records
				where user_id = p_user and type = 'session' and id = k.id limit 1) s
			union all
			select m.* from unnest(p_message_ids) as k(id)
			cross join lateral (select * from outpost_records
				where user_id = p_user and type = 'message' and id = k.id limit 1) m
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
	if p_external is not null then
		select count(*) filter (where not external) = 0
			and count(*) filter (where external and not deleted) = cardinality(p_external)
		into v_one_trip
		from (
			select r ->> 'type' = 'session' and r ->> 'id' = any(p_external) as external,
				(r ->> 'deleted')::boolean as deleted
			from jsonb_array_elements(v_records) as r
		) found;
		if v_one_trip then
			perform set_config('outpost.one_trip', 'on', true);
		end if;
	end if;
	return jsonb_build_object('seq', v_seq, 'records', v_records, 'oneTrip', v_one_trip);
end
$$;

grant execute on function outpost_push_begin(uuid, text, text[], text[], integer, text[])
	to authenticated;
