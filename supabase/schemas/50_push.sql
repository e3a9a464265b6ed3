-- The push: a batch of changes of one user, applied in one transaction (src/lib/server/sync/
-- push.ts sends it). Every push begins with outpost_push_lock. A push of new records that name
-- only stored, live sessions (a reply, the common case) is planned without reading anything and
-- sent as one statement, outpost_push_one_trip; any other push reads what it names with
-- outpost_push_begin, is planned from the stored records, and is written by outpost_push_write.
-- Each statement a client sends costs a round of socket writes on both sides, which on small
-- machines costs more than running it: hence functions that do several statements' work.

-- Acts as the user for the rest of the transaction, counts the request against the rate limit
-- and locks the user's change sequence, which it returns: how every push begins.
create or replace function outpost_push_lock(p_user uuid, p_rate_limit integer) returns bigint
language plpgsql volatile
set plan_cache_mode = force_generic_plan
as $$
declare
	v_seq bigint;
begin
	perform outpost_act_as(p_user);

	perform outpost_count_request(p_user, p_rate_limit);

	select seq into v_seq from sync_state where user_id = p_user for update;
	if not found then
		insert into sync_state (user_id) values (p_user) on conflict (user_id) do nothing;
		select seq into v_seq from sync_state where user_id = p_user for update;
	end if;
	return v_seq;
end
$$;

grant execute on function outpost_push_lock(uuid, integer) to authenticated;

-- The reads that open a push planned from the stored records, in one statement: the lock, then
-- the batch if it was applied before, else the stored records the batch names (one primary-key
-- probe each). Every statement of a VOLATILE function takes a new snapshot, so the batch lookup,
-- after the lock, sees every batch committed before the lock was granted. Returns {seq, batch}
-- or {seq, records}.
--
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
	v_seq bigint := outpost_push_lock(p_user, p_rate_limit);
	v_batch jsonb;
	v_records jsonb;
begin
	-- A new statement, so a new snapshot: it sees every batch committed before the lock. Each
	-- record is one primary-key probe (lateral, one row at most); the batch is looked up and
	-- the records loaded in the same statement.
	select b.batch, case when b.batch is null then (
		select coalesce(jsonb_agg(outpost_record_json(to_jsonb(r))), '[]'::jsonb) from (
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
	return jsonb_build_object('seq', v_seq, 'records', v_records);
end
$$;

grant execute on function outpost_push_begin(uuid, text, text[], text[], integer)
	to authenticated;

-- A push's writes: the statements that write a plan (src/lib/server/sync/apply-plan.ts builds
-- its payload), each over its part of the payload and only when that part is there. As
-- statements of one function they run in order and see each other's writes. Sessions and
-- messages come as the protocol's records, {id, version, deleted, hash, data}: their fields are
-- read into the columns here (outpost_record_json, 30_records.sql, reads them back). Versions and the
-- sequence in the payload count from p_base: 0 for a plan made from the stored records, the
-- user's sequence for a one-trip plan. Messages that carry a new reply_request queue their
-- reply jobs; the stored messages of the sessions the plan deletes are tombstoned after the
-- plan's own changes. Returns the response stored for the batch; the server announces the
-- change to every instance once the push has committed.
create or replace function outpost_push_write(p_user uuid, p_payload jsonb, p_base bigint)
returns text
language plpgsql volatile
set plan_cache_mode = force_generic_plan
as $$
declare
	v_response text;
	v_cascaded bigint := 0;
begin
	if p_payload ? 'sessions' then
		insert into chat_sessions (user_id, id, title, created_at, updated_at, hash, version, deleted)
		select p_user, x.id, d.title, d."createdAt", d."updatedAt", x.hash, x.version + p_base,
			x.deleted
		from jsonb_to_recordset(p_payload -> 'sessions') as x(id text, version bigint,
			deleted boolean, hash text, data jsonb)
		cross join lateral jsonb_to_record(coalesce(x.data, '{}')) as d(title text,
			"createdAt" timestamptz, "updatedAt" timestamptz)
		on conflict (user_id, id) do update set title = excluded.title,
			created_at = excluded.created_at, updated_at = excluded.updated_at,
			hash = excluded.hash, version = excluded.version, deleted = excluded.deleted,
			message_count = case when excluded.deleted then 0 else chat_sessions.message_count end,
			total_tokens = case when excluded.deleted then 0 else chat_sessions.total_tokens end,
			last_message_id = case when excluded.deleted then null
				else chat_sessions.last_message_id end,
			last_message_at = case when excluded.deleted then null
				else chat_sessions.last_message_at end,
			last_message_preview = case when excluded.deleted then null
				else chat_sessions.last_message_preview end;
	end if;

	if p_payload ? 'messages' then
		insert into chat_messages (user_id, id, session_id, role, content, model, status,
			input_tokens, output_tokens, elapsed_ms, created_at, updated_at, hash, version, deleted,
			reply_request)
		select p_user, x.id, d."sessionId", d.role, d.content, d.model, d.status, d."inputTokens",
			d."outputTokens", d."elapsedMs", d."createdAt", d."updatedAt", x.hash,
			x.version + p_base, x.deleted, d."replyRequest"
		from jsonb_to_recordset(p_payload -> 'messages') as x(id text, version bigint,
			deleted boolean, hash text, data jsonb)
		cross join lateral jsonb_to_record(coalesce(x.data, '{}')) as d("sessionId" text,
			role text, content text, model text, status text, "inputTokens" integer,
			"outputTokens" integer, "elapsedMs" integer, "createdAt" timestamptz,
			"updatedAt" timestamptz, "replyRequest" text)
		on conflict (user_id, id) do update set session_id = excluded.session_id,
			role = excluded.role, content = excluded.content, model = excluded.model,
			status = excluded.status, input_tokens = excluded.input_tokens,
			output_tokens = excluded.output_tokens, elapsed_ms = excluded.elapsed_ms,
			created_at = excluded.created_at, updated_at = excluded.updated_at,
			hash = excluded.hash, version = excluded.version, deleted = excluded.deleted,
			reply_request = excluded.reply_request, reply_to = null, error = null;
	end if;

	-- The user messages that ask for a new reply: a job each (see outpost_enqueue_replies).
	if p_payload ? 'jobs' then
		perform outpost_enqueue_replies(p_user, p_payload -> 'jobs');
	end if;

	-- Adds the deltas and moves the preview forward when the push stored a newer message. An
	-- upsert that always meets its own row: each session is found with a primary-key probe
	-- (the lateral copy), and the conflict sends it to the update. A plain UPDATE ... FROM
	-- joins the payload to the table as the planner sees fit, and before statistics exist it
	-- may read every session of the user, and keep that plan once the user has thousands.
	if p_payload ? 'stats' then
		insert into chat_sessions as s (user_id, id, title, created_at, updated_at, hash,
			version, deleted, message_count, total_tokens, last_message_id, last_message_at,
			last_message_preview)
		select p_user, t.id, t.title, t.created_at, t.updated_at, t.hash, t.version, t.deleted,
			d.messages, d.tokens, d.latest_id, d.latest_at, (select outpost_preview(m.content)
				from chat_messages m where m.user_id = p_user and m.id = d.latest_id)
		from jsonb_to_recordset(p_payload -> 'stats') as d(session_id text, messages integer,
			tokens bigint, latest_id text, latest_at timestamptz)
		cross join lateral (select * from chat_sessions
			where user_id = p_user and id = d.session_id limit 1) t
		on conflict (user_id, id) do update set
			message_count = s.message_count + excluded.message_count,
			total_tokens = s.total_tokens + excluded.total_tokens,
			(last_message_id, last_message_at, last_message_preview) = (
				select l.id, l.at, l.preview
				from (values
					(excluded.last_message_id, excluded.last_message_at,
						excluded.last_message_preview, 1),
					(s.last_message_id, s.last_message_at, s.last_message_preview, 0)
				) as l(id, at, preview, fresh)
				order by l.at desc nulls last, l.id desc, l.fresh desc limit 1
			);
	end if;

	-- When a session's newest message went away, finds the new newest with one index probe,
	-- among the messages as this push left them.
	if p_payload ? 'removed' then
		insert into chat_sessions as s (user_id, id, title, created_at, updated_at, hash,
			version, deleted, last_message_id, last_message_at, last_message_preview)
		select p_user, t.id, t.title, t.created_at, t.updated_at, t.hash, t.version, t.deleted,
			m.id, m.created_at, outpost_preview(m.content)
		from jsonb_to_recordset(p_payload -> 'removed') as r(session_id text, removed_ids text[])
		cross join lateral (select * from chat_sessions
			where user_id = p_user and id = r.session_id limit 1) t
		left join lateral (
			select id, created_at, content from chat_messages
			where user_id = p_user and session_id = r.session_id and not deleted
			order by created_at desc, id desc limit 1
		) m on true
		where t.last_message_id = any(r.removed_ids)
		on conflict (user_id, id) do update set last_message_id = excluded.last_message_id,
			last_message_at = excluded.last_message_at,
			last_message_preview = excluded.last_message_preview;
	end if;

	if p_payload ? 'usage' then
		insert into usage_daily (user_id, day, messages_sent, messages_received, input_tokens,
			output_tokens)
		select p_user, x.day, x.sent, x.received, x.input_tokens, x.output_tokens
		from jsonb_to_recordset(p_payload -> 'usage') as x(day date, sent integer,
			received integer, input_tokens bigint, output_tokens bigint)
		on conflict (user_id, day) do update set
			messages_sent = usage_daily.messages_sent + excluded.messages_sent,
			messages_received = usage_daily.messages_received + excluded.messages_received,
			input_tokens = usage_daily.input_tokens + excluded.input_tokens,
			output_tokens = usage_daily.output_tokens + excluded.output_tokens;
	end if;

	-- A session deleted takes its stored messages with it: tombstones numbered after the plan's
	-- changes (the payload's seq), in the order they were stored.
	if p_payload ? 'cascade' then
		with doomed as (
			select id, row_number() over (order by version, id) as n from chat_messages
			where user_id = p_user and not deleted
				and session_id in (select jsonb_array_elements_text(p_payload -> 'cascade'))
		), tombstoned as (
			update chat_messages m set deleted = true,
				version = p_base + (p_payload ->> 'seq')::bigint + d.n, hash = null,
				session_id = null, role = null, content = null, model = null, status = null,
				input_tokens = null, output_tokens = null, elapsed_ms = null, created_at = null,
				updated_at = null
			from doomed d where m.user_id = p_user and m.id = d.id
			returning 1
		)
		select count(*) into v_cascaded from tombstoned;
	end if;

	if p_payload ? 'seq' then
		update sync_state set seq = p_base + (p_payload ->> 'seq')::bigint + v_cascaded
		where user_id = p_user;
		-- The server tells the user's open event streams once the push has committed, many
		-- pushes in one notification statement (change-notices.ts): a pg_notify here would
		-- hold PostgreSQL's one notification lock from this commit's start to its end, write
		-- to disk included, and so make every user's pushes commit one at a time.
	end if;

	-- The response, put together here from its pieces (see response-text.ts): the cursor, past
	-- the tombstones of a cascade, and the versions of a one-trip plan are only known now. The
	-- text stored is the text every sender of the batch gets.
	if p_payload ? 'batch' then
		insert into sync_batches (user_id, batch_id, body_hash, response)
		select p_user, b ->> 'batchId', b ->> 'bodyHash', (
			select string_agg(p ->> 'text' || case
				when p ? 'cursor' then outpost_cursor(p_base + (p ->> 'cursor')::bigint + v_cascaded)
				when p ? 'version' then (p_base + (p ->> 'version')::bigint)::text
				else '' end, '' order by i)
			from jsonb_array_elements(b -> 'pieces') with ordinality as e(p, i))
		from (select p_payload -> 'batch' as b) as batch
		returning response into v_response;
	end if;
	return v_response;
end
$$;

grant execute on function outpost_push_write(uuid, jsonb, bigint) to authenticated;

-- A push planned for one round trip (see one-trip-plan.ts), sent as one statement and so its
-- own transaction (no BEGIN or COMMIT): begins it, and writes the plan when it holds. p_session_ids and p_message_ids: every id the batch names; p_external: the
-- sessions its messages name and it does not hold. The plan holds when the batch is new, none
-- of its own records is stored yet, and every one of those sessions is stored and live; each
-- id is one primary-key probe. Returns {response} when it wrote, {batch} when the batch was
-- applied before, and {} when the plan does not hold (the push is then planned again from the
-- stored records).
create or replace function outpost_push_one_trip(
	p_user uuid,
	p_batch_id text,
	p_session_ids text[],
	p_message_ids text[],
	p_rate_limit integer,
	p_external text[],
	p_payload jsonb
) returns jsonb
language plpgsql volatile
set plan_cache_mode = force_generic_plan
as $$
declare
	v_seq bigint := outpost_push_lock(p_user, p_rate_limit);
	v_batch jsonb;
	v_holds boolean;
begin
	select
		(select jsonb_build_object('bodyHash', body_hash, 'response', response)
			from sync_batches where user_id = p_user and batch_id = p_batch_id),
		not exists (select 1 from unnest(p_message_ids) as k(id)
			cross join lateral (select 1 from chat_messages
				where user_id = p_user and id = k.id limit 1) m)
		and (select count(*) filter (where k.id = any(p_external) and not s.deleted)
				= cardinality(p_external)
			and count(*) filter (where k.id <> all(p_external)) = 0
			from unnest(p_session_ids) as k(id)
			cross join lateral (select deleted from chat_sessions
				where user_id = p_user and id = k.id limit 1) s)
	into v_batch, v_holds;
	if v_batch is not null then
		return jsonb_build_object('batch', v_batch);
	end if;
	if v_holds then
		return jsonb_build_object('response', outpost_push_write(p_user, p_payload, v_seq));
	end if;
	return '{}'::jsonb;
end
$$;

grant execute on function outpost_push_one_trip(uuid, text, text[], text[], integer, text[], jsonb)
	to authenticated;
