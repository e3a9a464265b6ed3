import { usageQuery } from '$lib/protocol/usage';
import { authedHandler, jsonResponse } from '$lib/server/http/api-handler';
import { issuesToErrors } from '$lib/server/http/json-body';
import { problemResponse } from '$lib/server/http/problem';
import { readUsage } from '$lib/server/usage';

const DAY_MS = 86_400_000;

export const GET = authedHandler(async ({ event, app, auth }) => {
	const params = Object.fromEntries(event.url.searchParams);
	const today = new Date().toISOString().slice(0, 10);
	const query = usageQuery.safeParse({
		from: params.from ?? new Date(Date.now() - 29 * DAY_MS).toISOString().slice(0, 10),
		to: params.to ?? today,
		...Object.fromEntries(Object.entries(params).filter(([key]) => key !== 'from' && key !== 'to'))
	});
	if (!query.success) {
		return problemResponse({
			status: 400,
			code: 'invalid_query',
			detail: 'from and to must be dates (YYYY-MM-DD), from not after to, at most 366 days apart.',
			errors: issuesToErrors(query.error.issues)
		});
	}
	return jsonResponse({ days: await readUsage(app.db, auth.user.id, query.data) });
});
