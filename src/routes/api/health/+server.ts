import { apiHandler, jsonResponse } from '$lib/server/http/api-handler';

export const GET = apiHandler(async ({ app }) => {
	await app.db.query('select 1');
	return jsonResponse({ status: 'ok', database: app.db.kind });
});
