-- Per-user change sequence: every applied change takes the next number, which is the
-- record's version and the position a pull cursor points at.
create table sync_state (
	user_id uuid primary key,
	seq bigint not null default 0
);

-- Ids are the client's, scoped to the user. A deleted record keeps its row as a tombstone
-- (deleted = true, data columns null) so its id stays taken. The stats (message_count to
-- last_message_at) are kept up to date from the rows each change writes, never recounted.
create table chat_sessions (
	user_id uuid not null,
	id text not null,
	title text,
	created_at timestamptz,
	updated_at timestamptz,
	hash text,
	version bigint not null,
	deleted boolean not null default false,
	message_count integer not null default 0,
	total_tokens bigint not null default 0,
	last_message_id text,
	last_message_preview text,
	last_message_at timestamptz,
	primary key (user_id, id)
);

-- reply_request: asks the server for a reply (a new value asks for a new one: Retry,
-- Regenerate); reply_to: the user message an assistant message answers; error: why a reply
-- failed.
create table chat_messages (
	user_id uuid not null,
	id text not null,
	session_id text,
	role text,
	content text,
	model text,
	status text,
	input_tokens integer,
	output_tokens integer,
	elapsed_ms integer,
	created_at timestamptz,
	updated_at timestamptz,
	hash text,
	version bigint not null,
	deleted boolean not null default false,
	reply_request text,
	reply_to text,
	error text,
	primary key (user_id, id)
);

-- The changes a pull reads, in version order. Partial (every stored version is positive, so
-- they hold every row): a pull states `version > 0` and uses them, a lookup by primary key
-- cannot. Before a table has statistics, the planner otherwise costs "user_id = $1, then filter
-- on id" over a change index the same as the primary-key probe, may pick it, and then keeps
-- that plan while it reads every record the user has.
create index chat_sessions_user_changes_idx on chat_sessions (user_id, version)
	where version > 0;
create index chat_messages_user_changes_idx on chat_messages (user_id, version)
	where version > 0;

-- A session's live messages, newest first: finds its newest message when the last one is
-- deleted or moved (one index probe), and its messages when the session is deleted.
create index chat_messages_session_latest_idx
	on chat_messages (user_id, session_id, created_at desc, id desc) where not deleted;

-- One live reply per question, whatever the instances do.
create unique index chat_messages_one_reply_idx on chat_messages (user_id, reply_to)
	where reply_to is not null and not deleted;

-- Applied batches, for exactly-once: the hash of the canonical envelope and the exact
-- response body that a replay gets back.
create table sync_batches (
	user_id uuid not null,
	batch_id text not null,
	body_hash text not null,
	response text not null,
	created_at timestamptz not null default now(),
	primary key (user_id, batch_id)
);

create index sync_batches_created_at_idx on sync_batches (created_at);

-- Daily usage, written once per newly stored message on the UTC day of its createdAt.
create table usage_daily (
	user_id uuid not null,
	day date not null,
	messages_sent integer not null default 0,
	messages_received integer not null default 0,
	input_tokens bigint not null default 0,
	output_tokens bigint not null default 0,
	primary key (user_id, day)
);

-- A session's preview of its newest message: its first 200 characters. The one definition,
-- for the push (outpost_push_write) and the replies (outpost_reply_write).
create function outpost_preview(p_content text) returns text
language sql immutable
as $$ select left(p_content, 200) $$;
