-- The pull: one page of a user's records in one statement, which commits by itself: acts as the
-- user, counts the request against the rate limit, and reads the page up to the user's newest
-- change number, which it returns with the page. Its commit does not wait for the disk: all a
-- pull writes is the rate limit's count, which a crash may lose at no cost.
-- src/lib/server/sync/pull.ts says which pages each kind of pull asks for.
--
-- p_recent: newest change first (a new device): live rows of type p_type, below version
-- p_below (default: past the newest change), up to change p_upto (default: the newest).
-- Otherwise oldest first: the rows changed after p_after, without tombstones when p_live.
-- A page ends at p_limit rows or once the text of its rows reaches p_max_bytes, whichever comes
-- first (always one row at least); sizes come from the stored lengths, so rows left out are
-- never read. `version > 0` (always true) is what lets the partial change indexes serve it.
-- Returns {seq, rows, scanned}, rows as the protocol's records with their versions: `scanned` rows were read up to p_limit + 1, and the page has
-- more when it holds fewer of them than that, or more than p_limit.
create or replace function outpost_pull(
	p_user uuid,
	p_rate_limit integer,
	p_recent boolean,
	p_type text,
	p_after bigint,
	p_below bigint,
	p_upto bigint,
	p_live boolean,
	p_limit integer,
	p_max_bytes bigint
) returns jsonb
language plpgsql volatile
set plan_cache_mode = force_generic_plan
as $$
declare
	v_seq bigint;
	v_page jsonb;
begin
	perform outpost_act_as(p_user);
	perform set_config('synchronous_commit', 'off', true);
	perform outpost_count_request(p_user, p_rate_limit);
	v_seq := coalesce((select seq from sync_state where user_id = p_user), 0);
	if p_recent then
		select jsonb_build_object('scanned', coalesce(max(q.scanned), 0), 'rows', coalesce(
			jsonb_agg(outpost_record_json(to_jsonb(q)) order by q.version desc),
			'[]'::jsonb))
		into v_page
		from (
			select r.*,
				coalesce(sum(coalesce(octet_length(r.content), 0) + coalesce(octet_length(r.title), 0)
					+ 320) over (order by r.version desc
						rows between unbounded preceding and 1 preceding), 0) as bytes_before,
				count(*) over () as scanned
			from (
				select * from outpost_records
				where user_id = p_user and version > 0 and type = p_type
					and version < coalesce(p_below, v_seq + 1) and version <= coalesce(p_upto, v_seq)
					and not deleted
				order by version desc limit p_limit + 1
			) r
		) q
		where q.bytes_before < p_max_bytes;
	else
		select jsonb_build_object('scanned', coalesce(max(q.scanned), 0), 'rows', coalesce(
			jsonb_agg(outpost_record_json(to_jsonb(q)) order by q.version),
			'[]'::jsonb))
		into v_page
		from (
			select r.*,
				coalesce(sum(coalesce(octet_length(r.content), 0) + coalesce(octet_length(r.title), 0)
					+ 320) over (order by r.version
						rows between unbounded preceding and 1 preceding), 0) as bytes_before,
				count(*) over () as scanned
			from (
				select * from outpost_records
				where user_id = p_user and version > 0 and version > p_after and version <= v_seq
					and not (p_live and deleted)
				order by version limit p_limit + 1
			) r
		) q
		where q.bytes_before < p_max_bytes;
	end if;
	return v_page || jsonb_build_object('seq', v_seq);
end
$$;

grant execute on function outpost_pull(uuid, integer, boolean, text, bigint, bigint, bigint,
	boolean, integer, bigint) to authenticated;
