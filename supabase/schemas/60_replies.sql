-- Replies are the server's job. A user message may carry reply_request: the push that stores it
-- queues a job in reply_jobs, one row per user message; a runner in any instance claims it (FOR
-- UPDATE SKIP LOCKED, a lease and a fencing token) and writes the reply through
-- outpost_reply_write as an ordinary change of the user: one assistant message per user
-- message, with reply_to naming the question. Every change of a user (a push, a reply write)
-- notifies outpost_changes once it commits, so that every instance can poke that user's open
-- event streams.

-- Reply jobs: the server's own table (no policy: the authenticated role reads and writes none
-- of it; pushes queue jobs through outpost_enqueue_replies).
--   state: queued (waiting, from run_after), running (held by lease_token until lease_until),
--          done, stopped, failed, cancelled (the question was deleted or asked again).
--   reply_id: the one assistant message that answers the question, kept across attempts.
create table if not exists reply_jobs (
	user_id uuid not null,
	message_id text not null,
	session_id text not null,
	request text not null,
	model text,
	question_at timestamptz not null,
	reply_id text not null,
	state text not null default 'queued',
	attempts integer not null default 0,
	run_after timestamptz not null default now(),
	lease_token uuid,
	lease_until timestamptz,
	stop_requested boolean not null default false,
	counted boolean not null default false,
	error text,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	primary key (user_id, message_id)
);
alter table reply_jobs enable row level security;

-- What a runner looks for: queued jobs that are due, running ones whose lease ran out.
create index if not exists reply_jobs_due_idx on reply_jobs (run_after)
	where state = 'queued';
create index if not exists reply_jobs_lease_idx on reply_jobs (lease_until)
	where state = 'running';
-- Earlier questions of a session still waiting: a reply waits for the ones before it.
create index if not exists reply_jobs_session_idx on reply_jobs (user_id, session_id, question_at)
	where state in ('queued', 'running');

-- Queues a job for each user message of p_jobs that asks for a new reply, and wakes the
-- runners. Runs as the table's owner, for the user acting in this transaction only. A job
-- asked again (a new request) starts over; its reply keeps its id unless it was deleted.
create or replace function outpost_enqueue_replies(p_user uuid, p_jobs jsonb) returns void
language plpgsql volatile security definer
set search_path = public, pg_temp
as $$
begin
	if auth.uid() is null or p_user <> auth.uid() then
		raise exception 'replies are queued for the acting user only';
	end if;
	insert into reply_jobs as j (user_id, message_id, session_id, request, model, question_at,
		reply_id)
	select p_user, x.message_id, x.session_id, x.request, x.model, x.question_at,
		gen_random_uuid()::text
	from jsonb_to_recordset(p_jobs) as x(message_id text, session_id text, request text,
		model text, question_at timestamptz)
	on conflict (user_id, message_id) do update set request = excluded.request,
		model = excluded.model, session_id = excluded.session_id,
		question_at = excluded.question_at, state = 'queued', attempts = 0, run_after = now(),
		lease_token = null, lease_until = null, stop_requested = false, error = null,
		updated_at = now(),
		reply_id = case when exists (select 1 from chat_messages m where m.user_id = p_user
				and m.id = j.reply_id and m.deleted)
			then excluded.reply_id else j.reply_id end
	where j.request is distinct from excluded.request;
	perform pg_notify('outpost_jobs', '');
end
$$;

revoke execute on function outpost_enqueue_replies(uuid, jsonb) from public;
grant execute on function outpost_enqueue_replies(uuid, jsonb) to authenticated;

-- Claims the next reply to write: a queued job that is due, or a running one whose lease ran
-- out (its instance died), skipping jobs another runner holds. A question waits while an
-- earlier one of its session is still queued or running, so that each reply sees the replies
-- before it; and a user has at most p_user_limit replies running at once (0: no cap). The
-- claim takes a new lease token: every write of the reply must show it.
create or replace function outpost_claim_reply(p_lease_ms integer, p_user_limit integer)
returns setof reply_jobs
language plpgsql volatile
as $$
declare
	v_job reply_jobs;
begin
	select * into v_job from reply_jobs j
	where ((j.state = 'queued' and j.run_after <= now())
			or (j.state = 'running' and j.lease_until < now()))
		and not exists (select 1 from reply_jobs e
			where e.user_id = j.user_id and e.session_id = j.session_id
				and e.state in ('queued', 'running')
				and (e.question_at, e.message_id) < (j.question_at, j.message_id))
		and (p_user_limit = 0 or (select count(*) from reply_jobs r
			where r.user_id = j.user_id and r.state = 'running' and r.lease_until >= now()
				and r.message_id <> j.message_id) < p_user_limit)
	order by j.run_after, j.question_at
	limit 1
	for update skip locked;
	if not found then
		return;
	end if;
	update reply_jobs set state = 'running', lease_token = gen_random_uuid(),
		lease_until = now() + make_interval(secs => p_lease_ms / 1000.0),
		attempts = attempts + 1, updated_at = now()
	where user_id = v_job.user_id and message_id = v_job.message_id
	returning * into v_job;
	return next v_job;
end
$$;

-- Keeps a claimed job's lease. Returns whether a stop was asked, or nothing when the lease was
-- lost (the job was asked again, stopped before it began, or taken over).
create or replace function outpost_renew_reply(p_user uuid, p_message text, p_token uuid,
	p_lease_ms integer)
returns table (stop_requested boolean)
language sql volatile
as $$
	update reply_jobs set lease_until = now() + make_interval(secs => p_lease_ms / 1000.0)
	where user_id = p_user and message_id = p_message and lease_token = p_token
		and state = 'running'
	returning stop_requested
$$;

-- Writes the reply of a claimed job as a change of its user: the assistant message (new
-- version, one per question), its session's stats, and, when it ends, the job's state and the
-- usage (a reply counts as received once, its output tokens each time one is finished). A
-- question deleted or asked again meanwhile cancels the job and writes nothing; a token that
-- is not the job's writes nothing. p_reply: { content, model, status, inputTokens,
-- outputTokens, elapsedMs, createdAt, updatedAt, hash, error?, retryInMs?, leaseMs }.
-- Returns { ok, version?, stop?, reason? }.
create or replace function outpost_reply_write(p_user uuid, p_message text, p_token uuid,
	p_reply jsonb)
returns jsonb
language plpgsql volatile
set plan_cache_mode = force_generic_plan
as $$
declare
	v_job reply_jobs;
	v_question chat_messages;
	v_old chat_messages;
	v_seq bigint;
	v_status text := p_reply ->> 'status';
	v_content text := p_reply ->> 'content';
	v_in integer := (p_reply ->> 'inputTokens')::integer;
	v_out integer := (p_reply ->> 'outputTokens')::integer;
	v_at timestamptz := (p_reply ->> 'createdAt')::timestamptz;
	v_final boolean := v_status in ('complete', 'stopped', 'failed');
	v_retry boolean := v_status = 'failed' and p_reply ? 'retryInMs';
begin
	select * into v_job from reply_jobs
	where user_id = p_user and message_id = p_message for update;
	if not found or v_job.lease_token is distinct from p_token or v_job.state <> 'running' then
		return jsonb_build_object('ok', false, 'reason', 'lost');
	end if;
	select * into v_question from chat_messages where user_id = p_user and id = p_message;
	select * into v_old from chat_messages where user_id = p_user and id = v_job.reply_id;
	if v_question.id is null or v_question.deleted
		or v_question.reply_request is distinct from v_job.request
		or coalesce(v_old.deleted, false) then
		update reply_jobs set state = 'cancelled', lease_token = null, lease_until = null,
			updated_at = now()
		where user_id = p_user and message_id = p_message;
		return jsonb_build_object('ok', false, 'reason', 'cancelled');
	end if;

	select seq into v_seq from sync_state where user_id = p_user for update;
	if not found then
		insert into sync_state (user_id) values (p_user) on conflict (user_id) do nothing;
		select seq into v_seq from sync_state where user_id = p_user for update;
	end if;
	v_seq := v_seq + 1;
	update sync_state set seq = v_seq where user_id = p_user;

	insert into chat_messages (user_id, id, session_id, role, content, model, status,
		input_tokens, output_tokens, elapsed_ms, created_at, updated_at, hash, version, deleted,
		reply_to, error)
	values (p_user, v_job.reply_id, v_question.session_id, 'assistant', v_content,
		p_reply ->> 'model', v_status, v_in, v_out, (p_reply ->> 'elapsedMs')::integer, v_at,
		(p_reply ->> 'updatedAt')::timestamptz, p_reply ->> 'hash', v_seq, false, p_message,
		p_reply ->> 'error')
	on conflict (user_id, id) do update set session_id = excluded.session_id,
		role = excluded.role, content = excluded.content, model = excluded.model,
		status = excluded.status, input_tokens = excluded.input_tokens,
		output_tokens = excluded.output_tokens, elapsed_ms = excluded.elapsed_ms,
		created_at = excluded.created_at, updated_at = excluded.updated_at, hash = excluded.hash,
		version = excluded.version, deleted = false, reply_request = null,
		reply_to = excluded.reply_to, error = excluded.error;

	-- The session's stats move by the difference, and its preview when this is its newest.
	update chat_sessions s set
		message_count = s.message_count + case when v_old.id is null then 1 else 0 end,
		total_tokens = s.total_tokens + v_in + v_out
			- coalesce(v_old.input_tokens + v_old.output_tokens, 0),
		(last_message_id, last_message_at, last_message_preview) = (
			select l.id, l.at, l.preview
			from (values
				(v_job.reply_id, v_at, outpost_preview(v_content), 1),
				(s.last_message_id, s.last_message_at, s.last_message_preview, 0)
			) as l(id, at, preview, fresh)
			order by l.at desc nulls last, l.id desc, l.fresh desc limit 1
		)
	where s.user_id = p_user and s.id = v_question.session_id and not s.deleted;

	if v_retry then
		update reply_jobs set state = 'queued', lease_token = null, lease_until = null,
			run_after = now() + make_interval(secs => (p_reply ->> 'retryInMs')::integer / 1000.0),
			error = p_reply ->> 'error', updated_at = now()
		where user_id = p_user and message_id = p_message;
	elsif v_final then
		update reply_jobs set state = case v_status when 'complete' then 'done'
				else v_status end,
			lease_token = null, lease_until = null, error = p_reply ->> 'error',
			counted = counted or v_status <> 'failed', updated_at = now()
		where user_id = p_user and message_id = p_message;
		if v_status <> 'failed' then
			insert into usage_daily (user_id, day, messages_received, output_tokens)
			values (p_user, (v_at at time zone 'UTC')::date,
				case when v_job.counted then 0 else 1 end, v_out)
			on conflict (user_id, day) do update set
				messages_received = usage_daily.messages_received + excluded.messages_received,
				output_tokens = usage_daily.output_tokens + excluded.output_tokens;
		end if;
	else
		update reply_jobs set lease_until = now()
			+ make_interval(secs => (p_reply ->> 'leaseMs')::integer / 1000.0)
		where user_id = p_user and message_id = p_message;
	end if;

	perform pg_notify('outpost_changes',
		json_build_object('u', p_user, 'c', outpost_cursor(v_seq))::text);
	return jsonb_build_object('ok', true, 'version', v_seq, 'stop', v_job.stop_requested);
end
$$;

-- Asks a reply to stop: a running one stops at its runner's next step and keeps its text, a
-- queued one is written as stopped without asking the model. Returns whether one was found.
create or replace function outpost_stop_reply(p_user uuid, p_message text) returns boolean
language plpgsql volatile
as $$
begin
	update reply_jobs set stop_requested = true,
		run_after = least(run_after, now()), updated_at = now()
	where user_id = p_user and message_id = p_message and state in ('queued', 'running');
	if not found then
		return false;
	end if;
	perform pg_notify('outpost_jobs',
		json_build_object('stop', json_build_object('u', p_user, 'm', p_message))::text);
	return true;
end
$$;
