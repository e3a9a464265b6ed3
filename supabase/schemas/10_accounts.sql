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
