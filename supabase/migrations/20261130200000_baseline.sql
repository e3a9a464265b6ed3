-- The baseline: every table, view and function as supabase/schemas/ declares them, in that
-- folder's file order (one history squashed while nothing was deployed). Later changes are
-- made in supabase/schemas/ and come here as new migrations (see supabase/README.md).

-- ---------------------------------------------------------------------------------------
-- supabase/schemas/00_auth.sql
-- ---------------------------------------------------------------------------------------

-- Supabase's auth.uid() and role `authenticated`, made here when the database has none (the
-- embedded database and plain PostgreSQL): row-level security on every per-user table is keyed
-- on them. The server sets request.jwt.claims and the role in each transaction.
create schema if not exists auth;

do $$
begin
	if not exists (
		select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
		where n.nspname = 'auth' and p.proname = 'uid'
	) then
		create function auth.uid() returns uuid language sql stable as
			'select nullif(coalesce(current_setting(''request.jwt.claim.sub'', true),
				current_setting(''request.jwt.claims'', true)::jsonb ->> ''sub''), '''')::uuid';
	end if;
end
$$;

-- A role belongs to the whole server: another database's migration may be creating it now.
do $$
begin
	if not exists (select 1 from pg_roles where rolname = 'authenticated') then
		create role authenticated nologin;
	end if;
exception when duplicate_object or unique_violation then
	null;
end
$$;

-- The server's own login role may act as `authenticated` (a no-op for superusers).
do $$
begin
	execute format('grant authenticated to %I', current_user);
exception when others then
	null;
end
$$;

-- ---------------------------------------------------------------------------------------
-- supabase/schemas/10_accounts.sql
-- ---------------------------------------------------------------------------------------

-- Accounts of the embedded default. Hosted deployments on Supabase use auth.users instead;
-- the chat tables therefore hold a user id without a foreign key to this table.
create table app_users (
	id uuid primary key default gen_random_uuid(),
	email text not null unique,
	password_hash text not null,
	created_at timestamptz not null default now()
);

-- Signed-in browsers. The cookie carries a signed token naming one row; signing out deletes it.
create table auth_sessions (
	id text primary key,
	user_id uuid not null references app_users (id) on delete cascade,
	created_at timestamptz not null default now(),
	expires_at timestamptz not null
);

create index auth_sessions_user_id_idx on auth_sessions (user_id);

-- ---------------------------------------------------------------------------------------
-- supabase/schemas/20_sync.sql
-- ---------------------------------------------------------------------------------------

-- Per-user change sequence: every applied change takes the next number, which is the
-- record's version and the position a pull cursor points at.
create table sync_state (
	user_id uuid primary key,
	seq bigint not null default 0
);

-- Ids are the client's, scoped to the user. A deleted record keeps its row as a tombstone
-- (deleted = true, data columns null) so its id stays taken. The stats (message_count to
-- last_message_at) are kept up to date from the rows each change writes, never recounted.
create table chat_sessions (
	user_id uuid not null,
	id text not null,
	title text,
	created_at timestamptz,
	updated_at timestamptz,
	hash text,
	version bigint not null,
	deleted boolean not null default false,
	message_count integer not null default 0,
	total_tokens bigint not null default 0,
	last_message_id text,
	last_message_preview text,
	last_message_at timestamptz,
	primary key (user_id, id)
);

-- reply_request: asks the server for a reply (a new value asks for a new one: Retry,
-- Regenerate); reply_to: the user message an assistant message answers; error: why a reply
-- failed.
create table chat_messages (
	user_id uuid not null,
	id text not null,
	session_id text,
	role text,
	content text,
	model text,
	status text,
	input_tokens integer,
	output_tokens integer,
	elapsed_ms integer,
	created_at timestamptz,
	updated_at timestamptz,
	hash text,
	version bigint not null,
	deleted boolean not null default false,
	reply_request text,
	reply_to text,
	error text,
	primary key (user_id, id)
);

-- The changes a pull reads, in version order. Partial (every stored version is positive, so
-- they hold every row): a pull states `version > 0` and uses them, a lookup by primary key
-- cannot. Before a table has statistics, the planner otherwise costs "user_id = $1, then filter
-- on id" over a change index the same as the primary-key probe, may pick it, and then keeps
-- that plan while it reads every record the user has.
create index chat_sessions_user_changes_idx on chat_sessions (user_id, version)
	where version > 0;
create index chat_messages_user_changes_idx on chat_messages (user_id, version)
	where version > 0;

-- A session's live messages, newest first: finds its newest message when the last one is
-- deleted or moved (one index probe), and its messages when the session is deleted.
create index chat_messages_session_latest_idx
	on chat_messages (user_id, session_id, created_at desc, id desc) where not deleted;

-- One live reply per question, whatever the instances do.
create unique index chat_messages_one_reply_idx on chat_messages (user_id, reply_to)
	where reply_to is not null and not deleted;

-- Applied batches, for exactly-once: the hash of the canonical envelope and the exact
-- response body that a replay gets back.
create table sync_batches (
	user_id uuid not null,
	batch_id text not null,
	body_hash text not null,
	response text not null,
	created_at timestamptz not null default now(),
	primary key (user_id, batch_id)
);

create index sync_batches_created_at_idx on sync_batches (created_at);

-- Daily usage, written once per newly stored message on the UTC day of its createdAt.
create table usage_daily (
	user_id uuid not null,
	day date not null,
	messages_sent integer not null default 0,
	messages_received integer not null default 0,
	input_tokens bigint not null default 0,
	output_tokens bigint not null default 0,
	primary key (user_id, day)
);

-- ---------------------------------------------------------------------------------------
-- supabase/schemas/30_records.sql
-- ---------------------------------------------------------------------------------------

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

-- ---------------------------------------------------------------------------------------
-- supabase/schemas/40_limits.sql
-- ---------------------------------------------------------------------------------------

-- Push and pull requests per user in the current minute (SYNC_RATE_LIMIT), shared by every
-- instance.
create table sync_rate (
	user_id uuid primary key,
	window_start timestamptz not null,
	requests integer not null
);

-- Counts one push or pull of the user in the current minute. Over p_limit it raises SQLSTATE
-- OR429 with the seconds until the minute ends as its detail: the error rolls the transaction
-- back, the count and any statement sent behind it with it. A limit of 0 counts nothing.
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

-- Limits that hold across every instance: request counters in fixed windows, keyed by what they
-- limit ('chat:<user>', 'login-account:<email>', 'login-address:<ip>', 'signup-address:<ip>'),
-- and the replies being generated now, one row each with a lease. Both are the server's own:
-- row-level security on and no policy, so no client role reads or writes them.
create table request_counts (
	key text primary key,
	window_start timestamptz not null,
	requests integer not null
);
alter table request_counts enable row level security;

create table chat_generations (
	id uuid primary key default gen_random_uuid(),
	user_id uuid not null,
	lease_until timestamptz not null
);
create index chat_generations_user_idx on chat_generations (user_id);
alter table chat_generations enable row level security;

-- The start of the fixed window of p_seconds that holds now().
create or replace function outpost_window_start(p_seconds integer) returns timestamptz
language sql stable
as $$
	select to_timestamp(floor(extract(epoch from now()) / p_seconds) * p_seconds)
$$;

-- Seconds until the window of p_seconds that holds now() ends (at least 1).
create or replace function outpost_window_left(p_seconds integer) returns integer
language sql stable
as $$
	select greatest(1, ceil(extract(epoch from
		(outpost_window_start(p_seconds) + make_interval(secs => p_seconds) - now()))))::integer
$$;

-- Counts one request under each of p_keys in the current window.
create or replace function outpost_limit_add(p_keys text[], p_seconds integer) returns void
language sql volatile
as $$
	insert into request_counts as c (key, window_start, requests)
	select k, outpost_window_start(p_seconds), 1 from unnest(p_keys) as k
	on conflict (key) do update set
		requests = case when c.window_start = excluded.window_start then c.requests + 1 else 1 end,
		window_start = excluded.window_start
$$;

-- Counts one request under p_key in the current window. Returns null while the count stays
-- within p_limit, else the seconds until the window ends. A limit of 0 counts nothing.
create or replace function outpost_limit_take(p_key text, p_seconds integer, p_limit integer)
returns integer
language plpgsql volatile
as $$
declare
	v_requests integer;
begin
	if p_limit <= 0 then
		return null;
	end if;
	perform outpost_limit_add(array[p_key], p_seconds);
	select requests into v_requests from request_counts where key = p_key;
	return case when v_requests > p_limit then outpost_window_left(p_seconds) end;
end
$$;

-- Seconds to wait when any of p_keys already reached p_limit in the current window, else
-- null. Counts nothing: outpost_limit_add counts the failures it guards against.
create or replace function outpost_limit_wait(p_keys text[], p_seconds integer, p_limit integer)
returns integer
language sql stable
as $$
	select outpost_window_left(p_seconds)
	where p_limit > 0 and exists (
		select 1 from request_counts
		where key = any(p_keys) and window_start = outpost_window_start(p_seconds)
			and requests >= p_limit)
$$;

-- Starts a generation of p_user when fewer than p_max are running (expired leases do not
-- count) and returns its id, else null. The user's generations are locked for the rest of
-- the statement's transaction, so that two instances cannot both take the last place.
create or replace function outpost_generation_start(p_user uuid, p_max integer, p_lease_seconds integer)
returns uuid
language plpgsql volatile
as $$
declare
	v_id uuid;
begin
	perform pg_advisory_xact_lock(hashtextextended('outpost.generations:' || p_user::text, 0));
	delete from chat_generations where user_id = p_user and lease_until < now();
	if p_max > 0 and (select count(*) from chat_generations where user_id = p_user) >= p_max then
		return null;
	end if;
	insert into chat_generations (user_id, lease_until)
	values (p_user, now() + make_interval(secs => p_lease_seconds))
	returning id into v_id;
	return v_id;
end
$$;

-- Forgets counters of windows that ended more than a day ago, and generations whose lease ran out.
create or replace function outpost_limits_prune() returns void
language sql volatile
as $$
	delete from request_counts where window_start < now() - interval '1 day';
	delete from chat_generations where lease_until < now();
$$;

-- ---------------------------------------------------------------------------------------
-- supabase/schemas/50_push.sql
-- ---------------------------------------------------------------------------------------

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
	perform set_config('request.jwt.claims',
		json_build_object('sub', p_user, 'role', 'authenticated')::text, true);
	perform set_config('role', 'authenticated', true);

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
	return jsonb_build_object('seq', v_seq, 'records', v_records);
end
$$;

grant execute on function outpost_push_begin(uuid, text, text[], text[], integer)
	to authenticated;

-- A push's writes: the statements that write a plan (src/lib/server/sync/apply-plan.ts builds
-- its payload), each over its part of the payload and only when that part is there. As
-- statements of one function they run in order and see each other's writes. Versions and the
-- sequence in the payload count from p_base: 0 for a plan made from the stored records, the
-- user's sequence for a one-trip plan. Messages that carry a new reply_request queue their
-- reply jobs, and the change is notified to every instance once it commits.
create or replace function outpost_push_write(p_user uuid, p_payload jsonb, p_base bigint)
returns text
language plpgsql volatile
set plan_cache_mode = force_generic_plan
as $$
declare
	v_response text;
begin
	if p_payload ? 'sessions' then
		insert into chat_sessions (user_id, id, title, created_at, updated_at, hash, version, deleted)
		select p_user, x.id, x.title, x.created_at, x.updated_at, x.hash, x.version + p_base, x.deleted
		from jsonb_to_recordset(p_payload -> 'sessions') as x(id text, title text,
			created_at timestamptz, updated_at timestamptz, hash text, version bigint, deleted boolean)
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
		select p_user, x.id, x.session_id, x.role, x.content, x.model, x.status, x.input_tokens,
			x.output_tokens, x.elapsed_ms, x.created_at, x.updated_at, x.hash,
			x.version + p_base, x.deleted, x.reply_request
		from jsonb_to_recordset(p_payload -> 'messages') as x(id text, session_id text,
			role text, content text, model text, status text, input_tokens integer,
			output_tokens integer, elapsed_ms integer, created_at timestamptz,
			updated_at timestamptz, hash text, version bigint, deleted boolean, reply_request text)
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
			d.messages, d.tokens, d.latest_id, d.latest_at, d.latest_preview
		from jsonb_to_recordset(p_payload -> 'stats') as d(session_id text, messages integer,
			tokens bigint, latest_id text, latest_at timestamptz, latest_preview text)
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
			m.id, m.created_at, left(m.content, 200)
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

	if p_payload ? 'seq' then
		update sync_state set seq = p_base + (p_payload ->> 'seq')::bigint where user_id = p_user;
		-- Every open event stream of the user hears of it once the push commits.
		perform pg_notify('outpost_changes', json_build_object('u', p_user,
			'c', outpost_cursor(p_base + (p_payload ->> 'seq')::bigint))::text);
	end if;

	-- The response is the plan's, or for a one-trip plan put together here from its pieces
	-- (see response-text.ts): the cursor and the versions are only known now. Either way the
	-- text stored is the text every sender of the batch gets.
	if p_payload ? 'batch' then
		insert into sync_batches (user_id, batch_id, body_hash, response)
		select p_user, b ->> 'batchId', b ->> 'bodyHash', coalesce(b ->> 'response', (
			select string_agg(p ->> 'text' || case
				when p ? 'cursor' then outpost_cursor(p_base + (p ->> 'cursor')::bigint)
				when p ? 'version' then (p_base + (p ->> 'version')::bigint)::text
				else '' end, '' order by i)
			from jsonb_array_elements(b -> 'pieces') with ordinality as e(p, i)))
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

-- ---------------------------------------------------------------------------------------
-- supabase/schemas/60_replies.sql
-- ---------------------------------------------------------------------------------------

-- Replies are the server's job. A user message may carry reply_request: the push that stores it
-- queues a job in reply_jobs, one row per user message; a runner in any instance claims it (FOR
-- UPDATE SKIP LOCKED, a lease and a fencing token) and writes the reply through
-- outpost_reply_write as an ordinary change of the user: one assistant message per user
-- message, with reply_to naming the question. Every change of a user (a push, a reply write)
-- notifies outpost_changes once it commits, so that every instance can poke that user's open
-- event streams.

-- Reply jobs: the server's own table (no policy: the authenticated role reads and writes none
-- of it; pushes queue jobs through outpost_enqueue_replies).
--   state: queued (waiting, from run_after), running (held by lease_token until lease_until),
--          done, stopped, failed, cancelled (the question was deleted or asked again).
--   reply_id: the one assistant message that answers the question, kept across attempts.
create table if not exists reply_jobs (
	user_id uuid not null,
	message_id text not null,
	session_id text not null,
	request text not null,
	model text,
	question_at timestamptz not null,
	reply_id text not null,
	state text not null default 'queued',
	attempts integer not null default 0,
	run_after timestamptz not null default now(),
	lease_token uuid,
	lease_until timestamptz,
	stop_requested boolean not null default false,
	counted boolean not null default false,
	error text,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	primary key (user_id, message_id)
);
alter table reply_jobs enable row level security;

-- What a runner looks for: queued jobs that are due, running ones whose lease ran out.
create index if not exists reply_jobs_due_idx on reply_jobs (run_after)
	where state = 'queued';
create index if not exists reply_jobs_lease_idx on reply_jobs (lease_until)
	where state = 'running';
-- Earlier questions of a session still waiting: a reply waits for the ones before it.
create index if not exists reply_jobs_session_idx on reply_jobs (user_id, session_id, question_at)
	where state in ('queued', 'running');

-- Queues a job for each user message of p_jobs that asks for a new reply, and wakes the
-- runners. Runs as the table's owner, for the user acting in this transaction only. A job
-- asked again (a new request) starts over; its reply keeps its id unless it was deleted.
create or replace function outpost_enqueue_replies(p_user uuid, p_jobs jsonb) returns void
language plpgsql volatile security definer
set search_path = public, pg_temp
as $$
begin
	if auth.uid() is null or p_user <> auth.uid() then
		raise exception 'replies are queued for the acting user only';
	end if;
	insert into reply_jobs as j (user_id, message_id, session_id, request, model, question_at,
		reply_id)
	select p_user, x.message_id, x.session_id, x.request, x.model, x.question_at,
		gen_random_uuid()::text
	from jsonb_to_recordset(p_jobs) as x(message_id text, session_id text, request text,
		model text, question_at timestamptz)
	on conflict (user_id, message_id) do update set request = excluded.request,
		model = excluded.model, session_id = excluded.session_id,
		question_at = excluded.question_at, state = 'queued', attempts = 0, run_after = now(),
		lease_token = null, lease_until = null, stop_requested = false, error = null,
		updated_at = now(),
		reply_id = case when exists (select 1 from chat_messages m where m.user_id = p_user
				and m.id = j.reply_id and m.deleted)
			then excluded.reply_id else j.reply_id end
	where j.request is distinct from excluded.request;
	perform pg_notify('outpost_jobs', '');
end
$$;

revoke execute on function outpost_enqueue_replies(uuid, jsonb) from public;
grant execute on function outpost_enqueue_replies(uuid, jsonb) to authenticated;

-- Claims the next reply to write: a queued job that is due, or a running one whose lease ran
-- out (its instance died), skipping jobs another runner holds. A question waits while an
-- earlier one of its session is still queued or running, so that each reply sees the replies
-- before it; and a user has at most p_user_limit replies running at once (0: no cap). The
-- claim takes a new lease token: every write of the reply must show it.
create or replace function outpost_claim_reply(p_lease_ms integer, p_user_limit integer)
returns setof reply_jobs
language plpgsql volatile
as $$
declare
	v_job reply_jobs;
begin
	select * into v_job from reply_jobs j
	where ((j.state = 'queued' and j.run_after <= now())
			or (j.state = 'running' and j.lease_until < now()))
		and not exists (select 1 from reply_jobs e
			where e.user_id = j.user_id and e.session_id = j.session_id
				and e.state in ('queued', 'running')
				and (e.question_at, e.message_id) < (j.question_at, j.message_id))
		and (p_user_limit = 0 or (select count(*) from reply_jobs r
			where r.user_id = j.user_id and r.state = 'running' and r.lease_until >= now()
				and r.message_id <> j.message_id) < p_user_limit)
	order by j.run_after, j.question_at
	limit 1
	for update skip locked;
	if not found then
		return;
	end if;
	update reply_jobs set state = 'running', lease_token = gen_random_uuid(),
		lease_until = now() + make_interval(secs => p_lease_ms / 1000.0),
		attempts = attempts + 1, updated_at = now()
	where user_id = v_job.user_id and message_id = v_job.message_id
	returning * into v_job;
	return next v_job;
end
$$;

-- Keeps a claimed job's lease. Returns whether a stop was asked, or nothing when the lease was
-- lost (the job was asked again, stopped before it began, or taken over).
create or replace function outpost_renew_reply(p_user uuid, p_message text, p_token uuid,
	p_lease_ms integer)
returns table (stop_requested boolean)
language sql volatile
as $$
	update reply_jobs set lease_until = now() + make_interval(secs => p_lease_ms / 1000.0)
	where user_id = p_user and message_id = p_message and lease_token = p_token
		and state = 'running'
	returning stop_requested
$$;

-- Writes the reply of a claimed job as a change of its user: the assistant message (new
-- version, one per question), its session's stats, and, when it ends, the job's state and the
-- usage (a reply counts as received once, its output tokens each time one is finished). A
-- question deleted or asked again meanwhile cancels the job and writes nothing; a token that
-- is not the job's writes nothing. p_reply: { content, model, status, inputTokens,
-- outputTokens, elapsedMs, createdAt, updatedAt, hash, error?, retryInMs?, leaseMs }.
-- Returns { ok, version?, stop?, reason? }.
create or replace function outpost_reply_write(p_user uuid, p_message text, p_token uuid,
	p_reply jsonb)
returns jsonb
language plpgsql volatile
set plan_cache_mode = force_generic_plan
as $$
declare
	v_job reply_jobs;
	v_question chat_messages;
	v_old chat_messages;
	v_seq bigint;
	v_status text := p_reply ->> 'status';
	v_content text := p_reply ->> 'content';
	v_in integer := (p_reply ->> 'inputTokens')::integer;
	v_out integer := (p_reply ->> 'outputTokens')::integer;
	v_at timestamptz := (p_reply ->> 'createdAt')::timestamptz;
	v_final boolean := v_status in ('complete', 'stopped', 'failed');
	v_retry boolean := v_status = 'failed' and p_reply ? 'retryInMs';
begin
	select * into v_job from reply_jobs
	where user_id = p_user and message_id = p_message for update;
	if not found or v_job.lease_token is distinct from p_token or v_job.state <> 'running' then
		return jsonb_build_object('ok', false, 'reason', 'lost');
	end if;
	select * into v_question from chat_messages where user_id = p_user and id = p_message;
	select * into v_old from chat_messages where user_id = p_user and id = v_job.reply_id;
	if v_question.id is null or v_question.deleted
		or v_question.reply_request is distinct from v_job.request
		or coalesce(v_old.deleted, false) then
		update reply_jobs set state = 'cancelled', lease_token = null, lease_until = null,
			updated_at = now()
		where user_id = p_user and message_id = p_message;
		return jsonb_build_object('ok', false, 'reason', 'cancelled');
	end if;

	select seq into v_seq from sync_state where user_id = p_user for update;
	if not found then
		insert into sync_state (user_id) values (p_user) on conflict (user_id) do nothing;
		select seq into v_seq from sync_state where user_id = p_user for update;
	end if;
	v_seq := v_seq + 1;
	update sync_state set seq = v_seq where user_id = p_user;

	insert into chat_messages (user_id, id, session_id, role, content, model, status,
		input_tokens, output_tokens, elapsed_ms, created_at, updated_at, hash, version, deleted,
		reply_to, error)
	values (p_user, v_job.reply_id, v_question.session_id, 'assistant', v_content,
		p_reply ->> 'model', v_status, v_in, v_out, (p_reply ->> 'elapsedMs')::integer, v_at,
		(p_reply ->> 'updatedAt')::timestamptz, p_reply ->> 'hash', v_seq, false, p_message,
		p_reply ->> 'error')
	on conflict (user_id, id) do update set session_id = excluded.session_id,
		role = excluded.role, content = excluded.content, model = excluded.model,
		status = excluded.status, input_tokens = excluded.input_tokens,
		output_tokens = excluded.output_tokens, elapsed_ms = excluded.elapsed_ms,
		created_at = excluded.created_at, updated_at = excluded.updated_at, hash = excluded.hash,
		version = excluded.version, deleted = false, reply_request = null,
		reply_to = excluded.reply_to, error = excluded.error;

	-- The session's stats move by the difference, and its preview when this is its newest.
	update chat_sessions s set
		message_count = s.message_count + case when v_old.id is null then 1 else 0 end,
		total_tokens = s.total_tokens + v_in + v_out
			- coalesce(v_old.input_tokens + v_old.output_tokens, 0),
		(last_message_id, last_message_at, last_message_preview) = (
			select l.id, l.at, l.preview
			from (values
				(v_job.reply_id, v_at, left(v_content, 200), 1),
				(s.last_message_id, s.last_message_at, s.last_message_preview, 0)
			) as l(id, at, preview, fresh)
			order by l.at desc nulls last, l.id desc, l.fresh desc limit 1
		)
	where s.user_id = p_user and s.id = v_question.session_id and not s.deleted;

	if v_retry then
		update reply_jobs set state = 'queued', lease_token = null, lease_until = null,
			run_after = now() + make_interval(secs => (p_reply ->> 'retryInMs')::integer / 1000.0),
			error = p_reply ->> 'error', updated_at = now()
		where user_id = p_user and message_id = p_message;
	elsif v_final then
		update reply_jobs set state = case v_status when 'complete' then 'done'
				else v_status end,
			lease_token = null, lease_until = null, error = p_reply ->> 'error',
			counted = counted or v_status <> 'failed', updated_at = now()
		where user_id = p_user and message_id = p_message;
		if v_status <> 'failed' then
			insert into usage_daily (user_id, day, messages_received, output_tokens)
			values (p_user, (v_at at time zone 'UTC')::date,
				case when v_job.counted then 0 else 1 end, v_out)
			on conflict (user_id, day) do update set
				messages_received = usage_daily.messages_received + excluded.messages_received,
				output_tokens = usage_daily.output_tokens + excluded.output_tokens;
		end if;
	else
		update reply_jobs set lease_until = now()
			+ make_interval(secs => (p_reply ->> 'leaseMs')::integer / 1000.0)
		where user_id = p_user and message_id = p_message;
	end if;

	perform pg_notify('outpost_changes',
		json_build_object('u', p_user, 'c', outpost_cursor(v_seq))::text);
	return jsonb_build_object('ok', true, 'version', v_seq, 'stop', v_job.stop_requested);
end
$$;

-- Asks a reply to stop: a running one stops at its runner's next step and keeps its text, a
-- queued one is written as stopped without asking the model. Returns whether one was found.
create or replace function outpost_stop_reply(p_user uuid, p_message text) returns boolean
language plpgsql volatile
as $$
begin
	update reply_jobs set stop_requested = true,
		run_after = least(run_after, now()), updated_at = now()
	where user_id = p_user and message_id = p_message and state in ('queued', 'running');
	if not found then
		return false;
	end if;
	perform pg_notify('outpost_jobs',
		json_build_object('stop', json_build_object('u', p_user, 'm', p_message))::text);
	return true;
end
$$;

-- ---------------------------------------------------------------------------------------
-- supabase/schemas/90_row_level_security.sql
-- ---------------------------------------------------------------------------------------

-- Row-level security on every per-user table, keyed on Supabase's auth.uid(), so that the same
-- tables are safe when exposed through Supabase: the role `authenticated` reads and writes only
-- its own rows. The server's own tables (request_counts, chat_generations, reply_jobs) have it
-- on with no policy, beside their definitions.
grant usage on schema auth to authenticated;
grant execute on function auth.uid() to authenticated;
grant select, insert, update on chat_sessions, chat_messages, sync_state, sync_batches,
	usage_daily, sync_rate to authenticated;

alter table chat_sessions enable row level security;
alter table chat_messages enable row level security;
alter table sync_state enable row level security;
alter table sync_batches enable row level security;
alter table usage_daily enable row level security;
alter table sync_rate enable row level security;

create policy chat_sessions_owner on chat_sessions for all to authenticated
	using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy chat_messages_owner on chat_messages for all to authenticated
	using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy sync_state_owner on sync_state for all to authenticated
	using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy sync_batches_owner on sync_batches for all to authenticated
	using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy usage_daily_owner on usage_daily for all to authenticated
	using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy sync_rate_owner on sync_rate for all to authenticated
	using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
