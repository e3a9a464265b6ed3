-- Session stats, kept up to date from the rows each push changes (never recounted).
alter table chat_sessions add column if not exists message_count integer not null default 0;
alter table chat_sessions add column if not exists total_tokens bigint not null default 0;
alter table chat_sessions add column if not exists last_message_id text;
alter table chat_sessions add column if not exists last_message_preview text;
alter table chat_sessions add column if not exists last_message_at timestamptz;

-- A session's live messages, newest first: finds its newest message when the last one is
-- deleted or moved (one index probe), and its messages when the session is deleted.
create index if not exists chat_messages_session_latest_idx
	on chat_messages (user_id, session_id, created_at desc, id desc) where not deleted;

-- Push and pull requests per user in the current minute, shared by every instance.
create table if not exists sync_rate (
	user_id uuid primary key,
	window_start timestamptz not null,
	requests integer not null
);
