import type { Database } from '../src/lib/server/db/database';
import type { HistoryMessage, HistorySession } from './history';

/** The body the full-history design uploads on every sync: every conversation, whole. */
export function legacyBody(
	sessions: readonly HistorySession[],
	messages: readonly HistoryMessage[]
): string {
	const bySession = new Map<string, HistoryMessage[]>();
	for (const message of messages) {
		const list = bySession.get(message.sessionId) ?? [];
		list.push(message);
		bySession.set(message.sessionId, list);
	}
	return JSON.stringify({
		conversations: sessions.map((s) => ({
			...s,
			messages: (bySession.get(s.id) ?? []).map((m) => ({ ...m, error: false }))
		}))
	});
}

const UPSERT_SESSION = `insert into chat_sessions (id, user_id, title, created_at, updated_at)
	select id, user_id, title, created_at, updated_at
	from jsonb_populate_recordset(null::chat_sessions, $1::text::jsonb)
	on conflict (id) do update set title = excluded.title, updated_at = excluded.updated_at`;

const UPSERT_MESSAGES = `insert into chat_messages (id, session_id, role, content, model, input_tokens,
		output_tokens, elapsed_ms, error, created_at, updated_at)
	select id, session_id, role, content, model, input_tokens, output_tokens, elapsed_ms, error,
		created_at, updated_at
	from jsonb_populate_recordset(null::chat_messages, $1::text::jsonb)
	on conflict (id) do update set content = excluded.content, model = excluded.model,
		input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
		elapsed_ms = excluded.elapsed_ms, error = excluded.error, updated_at = excluded.updated_at`;

/**
 * One sync of the full-history design, as the replaced endpoint runs it: for each conversation
 * of the body, a session upsert and then a bulk upsert of its messages, each a request of its
 * own through supabase-js (so a statement and a commit of its own), firing the stats trigger
 * for every message row.
 */
export async function legacySync(db: Database, userId: string, body: string): Promise<void> {
	const parsed = JSON.parse(body) as {
		conversations: (HistorySession & { messages: (HistoryMessage & { error: boolean })[] })[];
	};
	for (const { messages, ...s } of parsed.conversations) {
		const session = {
			id: s.id,
			user_id: userId,
			title: s.title,
			created_at: s.createdAt,
			updated_at: s.updatedAt
		};
		await db.query(UPSERT_SESSION, [JSON.stringify([session])]);
		const rows = messages.map((m) => ({
			id: m.id,
			session_id: m.sessionId,
			role: m.role,
			content: m.content,
			model: m.model,
			input_tokens: m.inputTokens,
			output_tokens: m.outputTokens,
			elapsed_ms: m.elapsedMs,
			error: m.error,
			created_at: m.createdAt,
			updated_at: m.updatedAt
		}));
		if (rows.length > 0) await db.query(UPSERT_MESSAGES, [JSON.stringify(rows)]);
	}
}
