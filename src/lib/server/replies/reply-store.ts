import type { Queryable } from '../db/database';
import { notify } from '../db/notify';

/** Wakes the reply runners: new work (`''`), or a stop (`{"stop": {"u", "m"}}`). */
export const JOBS_CHANNEL = 'outpost_jobs';
import type { ReplyJob } from './reply-job';

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

const CLAIM = `select user_id::text as user_id, message_id, session_id, request, model,
		to_char(question_at at time zone 'UTC', ${ISO}) as question_at, reply_id, attempts,
		lease_token::text as token, stop_requested
	from outpost_claim_reply($1, $2)`;

interface JobRow {
	user_id: string;
	message_id: string;
	session_id: string;
	request: string;
	model: string | null;
	question_at: string;
	reply_id: string;
	attempts: number;
	token: string;
	stop_requested: boolean;
}

/**
 * Claims the next reply to write, if any (see outpost_claim_reply): at most `userLimit`
 * running per user (0: no cap), held for `leaseMs` unless renewed.
 */
export async function claimReply(
	db: Queryable,
	leaseMs: number,
	userLimit: number
): Promise<ReplyJob | undefined> {
	const [row] = await db.query<JobRow>(CLAIM, [leaseMs, userLimit]);
	if (!row) return undefined;
	return {
		userId: row.user_id,
		messageId: row.message_id,
		sessionId: row.session_id,
		request: row.request,
		model: row.model,
		questionAt: row.question_at,
		replyId: row.reply_id,
		attempts: Number(row.attempts),
		token: row.token,
		stopRequested: row.stop_requested
	};
}

/** Keeps a claim: `held`, `stop` when Stop was asked, `lost` when the claim is no longer this one's. */
export async function renewReply(
	db: Queryable,
	job: ReplyJob,
	leaseMs: number
): Promise<'held' | 'stop' | 'lost'> {
	const [row] = await db.query<{ stop_requested: boolean }>(
		'select stop_requested from outpost_renew_reply($1, $2, $3::uuid, $4)',
		[job.userId, job.messageId, job.token, leaseMs]
	);
	if (!row) return 'lost';
	return row.stop_requested ? 'stop' : 'held';
}

/** What a reply write did: written (and whether Stop was asked), or nothing, and why. */
export type WriteOutcome =
	{ ok: true; stop: boolean } | { ok: false; reason: 'lost' | 'cancelled' };

/** Writes a reply from its payload (see replyPayload) as a change of its user. */
export async function writeReply(
	db: Queryable,
	job: ReplyJob,
	payload: string
): Promise<WriteOutcome> {
	const [row] = await db.query<{ result: { ok: boolean; stop?: boolean; reason?: string } }>(
		'select outpost_reply_write($1, $2, $3::uuid, $4::text::jsonb) as result',
		[job.userId, job.messageId, job.token, payload]
	);
	const result = row?.result;
	if (result?.ok) return { ok: true, stop: result.stop === true };
	return { ok: false, reason: result?.reason === 'cancelled' ? 'cancelled' : 'lost' };
}

/** One message of the conversation a reply is written to. */
export interface ContextMessage {
	role: 'user' | 'assistant' | 'system';
	content: string;
}

const CONTEXT = `select role, content from (
		select role, content, created_at, id,
			sum(length(content)) over (order by created_at desc, id desc) as total
		from (
			select role, content, created_at, id from chat_messages
			where user_id = $1 and session_id = $2 and not deleted
				and (created_at, id) <= ($3::timestamptz, $4)
				and status in ('complete', 'stopped') and content <> ''
			order by created_at desc, id desc limit $5
		) newest
	) m where total - length(content) < $6 order by created_at, id`;

/** About the most characters of conversation a reply is given (the question always). */
export const CONTEXT_CHARACTERS = 400_000;

/**
 * The conversation up to the question, its newest `limit` messages: what the reply sees.
 * Replies still being written, failed ones and empty ones are left out, and older messages
 * once the text reaches CONTEXT_CHARACTERS.
 */
export async function loadContext(
	db: Queryable,
	job: ReplyJob,
	limit: number
): Promise<ContextMessage[]> {
	return db.query<ContextMessage>(CONTEXT, [
		job.userId,
		job.sessionId,
		job.questionAt,
		job.messageId,
		limit,
		CONTEXT_CHARACTERS
	]);
}

/** Asks the reply to a question to stop; false when none is queued or being written. */
export async function stopReply(
	db: Queryable,
	userId: string,
	messageId: string
): Promise<boolean> {
	const [row] = await db.query<{ stopped: boolean }>(
		'select outpost_stop_reply($1, $2) as stopped',
		[userId, messageId]
	);
	return row?.stopped === true;
}

/**
 * Gives a claim back (this instance is shutting down): the job is queued again at once, its
 * attempt not counted, so that another instance takes it without waiting for the lease.
 */
export async function releaseReply(db: Queryable, job: ReplyJob): Promise<void> {
	await db.query(
		`update reply_jobs set state = 'queued', lease_token = null, lease_until = null,
			attempts = greatest(attempts - 1, 0), run_after = now(), updated_at = now()
		where user_id = $1 and message_id = $2 and lease_token = $3::uuid and state = 'running'`,
		[job.userId, job.messageId, job.token]
	);
	await notify(db, JOBS_CHANNEL, '');
}
