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

-- Acts as the user for the rest of the transaction under row-level security: the claims
-- auth.uid() reads and the role `authenticated`. Every per-user transaction of the server
-- begins with it (outpost_push_lock, outpost_pull, src/lib/server/db/user-transaction.ts).
-- A client role (Supabase's Data API calls every function of the schema as `anon` or
-- `authenticated`, with the claims of the caller's token) may act only as the user its claims
-- already name: otherwise any signed-in user could pull or push another's records by calling
-- outpost_pull or outpost_push_one_trip with that user's id. PL/pgSQL, so that its statements
-- keep their plans for the session (a SQL function that is not inlined is planned on each call).
create function outpost_act_as(p_user uuid) returns void
language plpgsql volatile
as $$
begin
	if current_user in ('anon', 'authenticated') and auth.uid() is distinct from p_user then
		raise exception 'a client may act only as the user of its own token'
			using errcode = '42501';
	end if;
	perform set_config('request.jwt.claims',
		json_build_object('sub', p_user, 'role', 'authenticated')::text, true);
	perform set_config('role', 'authenticated', true);
end
$$;
