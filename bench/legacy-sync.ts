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

/**
 * One sync of the full-history design: upserts every session and every message of the body in
 * one transaction (as supabase-js `upsert` does), firing the stats trigger for each row.
 */
export async function legacySync(db: Database, userId: string, body: string): Promise<void> {
	const parsed = JSON.parse(body) as {
		conversations: (HistorySession & { messages: (HistoryMessage & { error: boolean })[] })[];
	};
	const sessions = parsed.conversations.map(({ messages: _messages, ...s }) => ({
		id: s.id,
		user_id: userId,
		title: s.title,
		created_at: s.createdAt,
		updated_at: s.updatedAt
	}));
	const messages = parsed.conversations.flatMap((c) =>
		c.messages.map((m) => ({
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
		}))
	);
	await db.transaction(async (tx) => {
		await tx.query(
			`insert into chat_sessions (id, user_id, title, created_at, updated_at)
			select id, user_id, title, created_at, updated_at
			from jsonb_populate_recordset(null::chat_sessions, $1::text::jsonb)
			on conflict (id) do update set title = excluded.title, updated_at = excluded.updated_at`,
			[JSON.stringify(sessions)]
		);
		await tx.query(
			`insert into chat_messages (id, session_id, role, content, model, input_tokens, output_tokens,
				elapsed_ms, error, created_at, updated_at)
			select id, session_id, role, content, model, input_tokens, output_tokens, elapsed_ms, error,
				created_at, updated_at
			from jsonb_populate_recordset(null::chat_messages, $1::text::jsonb)
			on conflict (id) do update set content = excluded.content, model = excluded.model,
				input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
				elapsed_ms = excluded.elapsed_ms, error = excluded.error, updated_at = excluded.updated_at`,
			[JSON.stringify(messages)]
		);
	});
}
