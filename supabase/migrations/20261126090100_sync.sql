-- Per-user change sequence: every applied change takes the next number, which is the
-- record's version and the position a pull cursor points at.
create table if not exists sync_state (
	user_id uuid primary key,
	seq bigint not null default 0
);

-- Ids are the client's, scoped to the user. A deleted record keeps its row as a tombstone
-- (deleted = true, data columns null) so its id stays taken.
create table if not exists chat_sessions (
	user_id uuid not null,
	id text not null,
	title text,
	created_at timestamptz,
	updated_at timestamptz,
	hash text,
	version bigint not null,
	deleted boolean not null default false,
	primary key (user_id, id)
);

create index if not exists chat_sessions_user_version_idx on chat_sessions (user_id, version);

create table if not exists chat_messages (
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
	primary key (user_id, id)
);

create index if not exists chat_messages_user_version_idx on chat_messages (user_id, version);

-- Applied batches, for exactly-once: the hash of the canonical envelope and the exact
-- response body that a replay gets back.
create table if not exists sync_batches (
	user_id uuid not null,
	batch_id text not null,
	body_hash text not null,
	response text not null,
	created_at timestamptz not null default now(),
	primary key (user_id, batch_id)
);

create index if not exists sync_batches_created_at_idx on sync_batches (created_at);

-- Daily usage, written once per newly stored message on the UTC day of its createdAt.
create table if not exists usage_daily (
	user_id uuid not null,
	day date not null,
	messages_sent integer not null default 0,
	messages_received integer not null default 0,
	input_tokens bigint not null default 0,
	output_tokens bigint not null default 0,
	primary key (user_id, day)
);
