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
