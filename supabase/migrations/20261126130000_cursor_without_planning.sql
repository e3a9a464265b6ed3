-- outpost_cursor as PL/pgSQL. The SQL version, with its aggregate, could not be inlined, and a
-- SQL function that is not inlined is planned again in every statement that calls it: about
-- 0.15 ms of each push's store of its batch. A PL/pgSQL function keeps its plans for the session.
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
