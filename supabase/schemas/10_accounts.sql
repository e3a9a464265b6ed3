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

-- Only the server reads these, as their owner, whom row-level security leaves alone: on with no
-- policy, they give nothing to the roles a Supabase project's Data API acts as (anon,
-- authenticated), which Supabase grants every table of this schema.
alter table app_users enable row level security;
alter table auth_sessions enable row level security;

-- Every instance remembers the sessions it has checked (src/lib/server/auth/session-cache.ts)
-- and listens on this channel: a session's row deleted (sign-out, its account deleted) or
-- changed names it, so that all of them forget it at once; a truncate names them all (`*`).
create function outpost_session_ended() returns trigger
language plpgsql
as $$
begin
	if tg_op = 'TRUNCATE' then
		perform pg_notify('outpost_session_ended', '*');
	else
		perform pg_notify('outpost_session_ended', old.id);
	end if;
	return null;
end;
$$;

create trigger auth_sessions_ended after delete or update on auth_sessions
	for each row execute function outpost_session_ended();

create trigger auth_sessions_truncated after truncate on auth_sessions
	for each statement execute function outpost_session_ended();
