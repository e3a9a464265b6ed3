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
