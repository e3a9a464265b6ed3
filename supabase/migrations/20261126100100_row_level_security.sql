-- Row-level security on every per-user table, keyed on Supabase's auth.uid(), so that the
-- same tables are safe when exposed through Supabase. The server sets request.jwt.claims and
-- the role `authenticated` in each transaction; on Supabase both already exist.
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

drop policy if exists chat_sessions_owner on chat_sessions;
create policy chat_sessions_owner on chat_sessions for all to authenticated
	using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
drop policy if exists chat_messages_owner on chat_messages;
create policy chat_messages_owner on chat_messages for all to authenticated
	using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
drop policy if exists sync_state_owner on sync_state;
create policy sync_state_owner on sync_state for all to authenticated
	using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
drop policy if exists sync_batches_owner on sync_batches;
create policy sync_batches_owner on sync_batches for all to authenticated
	using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
drop policy if exists usage_daily_owner on usage_daily;
create policy usage_daily_owner on usage_daily for all to authenticated
	using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
drop policy if exists sync_rate_owner on sync_rate;
create policy sync_rate_owner on sync_rate for all to authenticated
	using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
