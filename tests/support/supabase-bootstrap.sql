-- What a new Supabase project's database holds before its first migration, as far as Outpost's
-- migrations and Supabase's Data API touch it (after supabase/postgres's init scripts and
-- Supabase Auth's own migrations): the roles the Data API acts as, the schemas `auth` (owned
-- by Supabase Auth's role) and `extensions`, a minimal `auth.users`, `auth.uid()`,
-- `auth.role()` and `auth.jwt()`, and the default grants that give every new table, function
-- and sequence of `public` to the Data API's roles. Run by a superuser in a new database;
-- written for the tests (tests/support/supabase-project.ts), not copied from Supabase.
--
-- The project's own role, which `supabase db push` and the server connect as, is
-- `project_owner` here. It stands for Supabase's `postgres`, which is no superuser (the test
-- server's superuser has that name): it owns the database and may create roles, bypasses
-- row-level security, and may act as the Data API's roles. Supabase's own superuser
-- (supabase_admin) is left out: neither the CLI nor the server needs it.

-- Roles belong to the whole server: a second database of the same server finds them there.
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
	if not exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') then
		create role supabase_auth_admin nologin noinherit createrole;
	end if;
	if not exists (select 1 from pg_roles where rolname = 'project_owner') then
		create role project_owner login createrole createdb bypassrls;
	end if;
	execute format('alter database %I owner to project_owner', current_database());
end
$$;
alter role service_role bypassrls;
grant anon, authenticated, service_role to authenticator;
grant anon, authenticated, service_role to project_owner;

create schema extensions;
create extension pgcrypto with schema extensions;
grant usage on schema extensions to anon, authenticated, service_role;
grant all on schema extensions to project_owner;

-- Supabase Auth's schema: its users, and the functions policies call.
create schema auth authorization supabase_auth_admin;
set role supabase_auth_admin;

create table auth.users (
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
create function auth.jwt() returns jsonb language sql stable as $$
	select coalesce(
		nullif(current_setting('request.jwt.claim', true), ''),
		nullif(current_setting('request.jwt.claims', true), '')
	)::jsonb
$$;

create function auth.uid() returns uuid language sql stable as $$
	select coalesce(nullif(current_setting('request.jwt.claim.sub', true), ''),
		auth.jwt() ->> 'sub')::uuid
$$;

create function auth.role() returns text language sql stable as $$
	select coalesce(nullif(current_setting('request.jwt.claim.role', true), ''),
		auth.jwt() ->> 'role')
$$;

grant usage on schema auth to anon, authenticated, service_role;
grant execute on function auth.uid(), auth.role(), auth.jwt() to anon, authenticated, service_role;
-- The project's role may use all of it, but grant none of it further.
grant all on schema auth to project_owner;
grant all on all tables in schema auth to project_owner;
grant all on all functions in schema auth to project_owner;
reset role;

-- The Data API's grants: everything the project's role makes in `public` goes to its roles, so
-- row-level security is all that keeps rows apart.
grant usage on schema public to anon, authenticated, service_role;
alter default privileges for role project_owner in schema public
	grant all on tables to anon, authenticated, service_role;
alter default privileges for role project_owner in schema public
	grant all on functions to anon, authenticated, service_role;
alter default privileges for role project_owner in schema public
	grant all on sequences to anon, authenticated, service_role;
