import { z } from 'zod';
import { MAX_BATCH_BYTES, MAX_BATCH_RECORDS, pushRequest } from '$lib/protocol/push';
import { accountMismatch } from '$lib/server/http/account-binding';
import { authedHandler } from '$lib/server/http/api-handler';
import { issuesToErrors, readJsonBody } from '$lib/server/http/json-body';
import { problemResponse, type ProblemSpec } from '$lib/server/http/problem';
import { pushDuration, pushedRecords, pushes, replays, rowsWritten } from '$lib/server/metrics';
import { prunePeriodically } from '$lib/server/sync/prune-batches';
import { applyPush } from '$lib/server/sync/push';

/** Any JSON: the batch's size is checked before its shape. Made once, not per request. */
const anyJson = z.unknown();

const tooLarge = (detail: string): ProblemSpec => ({
	status: 413,
	code: 'batch_too_large',
	detail
});

function refuse(spec: ProblemSpec): Response {
	pushes.inc({ outcome: spec.code ?? String(spec.status) });
	return problemResponse(spec);
}

export const POST = authedHandler(async ({ event, app, auth }) => {
	const endTimer = pushDuration.startTimer();
	try {
		const body = await readJsonBody(event.request, anyJson, MAX_BATCH_BYTES);
		if (!body.ok) {
			return refuse(
				body.problem.status === 413
					? tooLarge(`A batch is at most ${MAX_BATCH_BYTES} bytes.`)
					: body.problem
			);
		}
		const records = (body.value as { records?: unknown } | null)?.records;
		if (Array.isArray(records) && records.length > MAX_BATCH_RECORDS) {
			return refuse(tooLarge(`A batch is at most ${MAX_BATCH_RECORDS} records.`));
		}
		const envelope = pushRequest.safeParse(body.value);
		if (!envelope.success) {
			return refuse({
				status: 400,
				code: 'invalid_envelope',
				detail: 'The batch envelope does not have the expected shape.',
				errors: issuesToErrors(envelope.error.issues)
			});
		}
		const mismatch = accountMismatch(auth.user.id, envelope.data.accountId);
		if (mismatch) return refuse(mismatch);
		const outcome = await applyPush(app.db, auth.user.id, envelope.data, {
			rateLimit: app.config.syncRateLimit,
			rawBody: body.text
		});
		if (!outcome.ok) {
			return outcome.code === 'rate_limited'
				? refuse({
						status: 429,
						code: 'rate_limited',
						detail: `Too many sync requests; at most ${app.config.syncRateLimit} a minute.`,
						headers: { 'retry-after': String(outcome.retryAfterSeconds) }
					})
				: refuse({
						status: 409,
						code: 'batch_conflict',
						detail: 'This batchId was already used for a different batch.'
					});
		}
		pushes.inc({ outcome: outcome.replayed ? 'replayed' : 'applied' });
		if (outcome.replayed) replays.inc();
		for (const status of outcome.statuses) pushedRecords.inc({ status });
		rowsWritten.inc(outcome.rowsWritten);
		prunePeriodically(app.db);
		return new Response(outcome.body, {
			headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }
		});
	} finally {
		endTimer();
	}
});
