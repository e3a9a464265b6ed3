import { z } from 'zod';
import { MAX_BATCH_BYTES, MAX_BATCH_RECORDS, pushRequest } from '$lib/protocol/push';
import { authedHandler } from '$lib/server/http/api-handler';
import { issuesToErrors, readJsonBody } from '$lib/server/http/json-body';
import { problemResponse } from '$lib/server/http/problem';
import { applyPush } from '$lib/server/sync/push';

const tooLarge = (detail: string) =>
	problemResponse({ status: 413, code: 'batch_too_large', detail });

export const POST = authedHandler(async ({ event, app, auth }) => {
	const body = await readJsonBody(event.request, z.unknown(), MAX_BATCH_BYTES);
	if (!body.ok) {
		if (body.problem.status === 413)
			return tooLarge(`A batch is at most ${MAX_BATCH_BYTES} bytes.`);
		return problemResponse(body.problem);
	}
	const records = (body.value as { records?: unknown } | null)?.records;
	if (Array.isArray(records) && records.length > MAX_BATCH_RECORDS) {
		return tooLarge(`A batch is at most ${MAX_BATCH_RECORDS} records.`);
	}
	const envelope = pushRequest.safeParse(body.value);
	if (!envelope.success) {
		return problemResponse({
			status: 400,
			code: 'invalid_envelope',
			detail: 'The batch envelope does not have the expected shape.',
			errors: issuesToErrors(envelope.error.issues)
		});
	}
	const outcome = await applyPush(app.db, auth.user.id, envelope.data);
	if (!outcome.ok) {
		return problemResponse({
			status: 409,
			code: 'batch_conflict',
			detail: 'This batchId was already used for a different batch.'
		});
	}
	return new Response(outcome.body, {
		headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }
	});
});
