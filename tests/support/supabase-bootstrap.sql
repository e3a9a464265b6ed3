-- What a new Supabase project's database holds before its first migration, as far as Outpost's
-- migrations and Supabase's Data API touch it (after supabase/postgres's init scripts,
-- migrations/db/init-scripts/00000000000000-initial-schema.sql, and Supabase Auth's own
-- migrations): the roles the Data API acts as, the schemas `auth` and `extensions`, a minimal
-- `auth.users`, `auth.uid()`, `auth.role()` and `auth.jwt()`, and the default grants that give
-- every new table, function and sequence of `public` to the Data API's roles. Written for the
-- tests (tests/support/supabase-database.ts); nothing here is Supabase's own text.

-- Roles belong to the whole server: a second database of the same server finds them there.
-- (Supabase's own superuser, supabase_admin, is left out: neither the CLI nor the server needs it.)
do $$
declare
	role_name text;
begin
	foreach role_name in array array['anon', 'authenticated', 'service_role'] loop
		if not exists (select 1 from pg_roles where rolname = role_name) then
			execute format('create role %I nologin noinherit', role_name);
		end if;
	end loop;
	if not exists (select 1 from pg_roles where rolname = 'authenticator') then
		create role authenticator login noinherit;
	end if;
end
$$;
alter role service_role bypassrls;
grant anon, authenticated, service_role to authenticator;

create schema if not exists extensions;
create extension if not exists pgcrypto with schema extensions;
grant usage on schema extensions to anon, authenticated, service_role;

-- Supabase Auth's schema: its users, and the functions policies call.
create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

create table if not exists auth.users (
	id uuid primary key,
	aud varchar(255),
	role varchar(255),
	email varchar(255) unique,
	encrypted_password varchar(255),
	email_confirmed_at timestamptz,
	raw_app_meta_data jsonb,
	raw_user_meta_data jsonb,
	created_at timestamptz default now(),
	updated_at timestamptz default now()
);

-- The claims PostgREST sets for a request (`request.jwt.claims`; `request.jwt.claim.*` of old).
create or replace function auth.jwt() returns jsonb language sql stable as $$
	select coalesce(
		nullif(current_setting('request.jwt.claim', true), ''),
		nullif(current_setting('request.jwt.claims', true), '')
	)::jsonb
$$;

create or replace function auth.uid() returns uuid language sql stable as $$
	select coalesce(nullif(current_setting('request.jwt.claim.sub', true), ''),
		auth.jwt() ->> 'sub')::uuid
$$;

create or replace function auth.role() returns text language sql stable as $$
	select coalesce(nullif(current_setting('request.jwt.claim.role', true), ''),
		auth.jwt() ->> 'role')
$$;

grant execute on function auth.uid(), auth.role(), auth.jwt() to anon, authenticated, service_role;

-- The Data API's grants: everything new in `public` goes to its roles, so row-level security
-- is all that keeps rows apart.
grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
