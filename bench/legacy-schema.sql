-- The full-history design Outpost replaces: every sync upserts every session and message, and a
-- row trigger recounts the session and adds each row to the usage analytics; another keeps the
-- session timestamp current.
create table profiles (
	id uuid primary key,
	total_messages bigint not null default 0,
	total_tokens bigint not null default 0,
	updated_at timestamptz
);

create table chat_sessions (
	id text primary key,
	user_id uuid not null,
	title text,
	created_at timestamptz,
	updated_at timestamptz,
	message_count integer not null default 0,
	total_tokens integer not null default 0,
	last_message_preview text,
	last_message_at timestamptz
);

create table chat_messages (
	id text primary key,
	session_id text not null references chat_sessions (id),
	role text not null,
	content text not null,
	model text,
	input_tokens integer,
	output_tokens integer,
	elapsed_ms integer,
	error boolean not null default false,
	created_at timestamptz,
	updated_at timestamptz
);

create index chat_messages_session_idx on chat_messages (session_id);

create table user_usage_daily (
	user_id uuid not null,
	usage_date date not null,
	messages_sent integer not null default 0,
	messages_received integer not null default 0,
	input_tokens bigint not null default 0,
	output_tokens bigint not null default 0,
	primary key (user_id, usage_date)
);

create function track_user_usage(p_user uuid, p_sent integer, p_received integer,
	p_input bigint, p_output bigint) returns void language plpgsql as $$
begin
	insert into user_usage_daily (user_id, usage_date, messages_sent, messages_received, input_tokens, output_tokens)
	values (p_user, current_date, p_sent, p_received, p_input, p_output)
	on conflict (user_id, usage_date) do update set
		messages_sent = user_usage_daily.messages_sent + excluded.messages_sent,
		messages_received = user_usage_daily.messages_received + excluded.messages_received,
		input_tokens = user_usage_daily.input_tokens + excluded.input_tokens,
		output_tokens = user_usage_daily.output_tokens + excluded.output_tokens;
	update profiles set total_messages = total_messages + p_sent + p_received,
		total_tokens = total_tokens + p_input + p_output, updated_at = now()
	where id = p_user;
end
$$;

create function update_session_stats() returns trigger language plpgsql as $$
begin
	update chat_sessions set
		message_count = (select count(*) from chat_messages where session_id = new.session_id),
		total_tokens = (select coalesce(sum(input_tokens + output_tokens), 0) from chat_messages
			where session_id = new.session_id),
		last_message_preview = (select left(content, 100) from chat_messages
			where session_id = new.session_id order by created_at desc limit 1),
		last_message_at = (select max(created_at) from chat_messages where session_id = new.session_id),
		updated_at = now()
	where id = new.session_id;
	perform track_user_usage(
		(select user_id from chat_sessions where id = new.session_id),
		case when new.role = 'user' then 1 else 0 end,
		case when new.role = 'assistant' then 1 else 0 end,
		coalesce(new.input_tokens, 0),
		coalesce(new.output_tokens, 0));
	return new;
end
$$;

create trigger chat_messages_stats after insert or update on chat_messages
	for each row execute function update_session_stats();

create function update_session_timestamp() returns trigger language plpgsql as $$
begin
	new.updated_at = now();
	return new;
end
$$;

create trigger chat_sessions_timestamp before update on chat_sessions
	for each row execute function update_session_timestamp();
