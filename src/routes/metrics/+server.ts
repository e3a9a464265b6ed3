import { apiHandler } from '$lib/server/http/api-handler';
import { problemResponse } from '$lib/server/http/problem';
import { registry } from '$lib/server/metrics';

export const GET = apiHandler(async ({ event, app }) => {
	const token = app.config.metricsToken;
	if (token && event.request.headers.get('authorization') !== `Bearer ${token}`) {
		return problemResponse({
			status: 401,
			code: 'unauthenticated',
			detail: 'Send the metrics token.'
		});
	}
	return new Response(await registry.metrics(), {
		headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' }
	});
});
