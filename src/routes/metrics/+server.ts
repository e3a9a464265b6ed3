import { apiHandler } from '$lib/server/http/api-handler';
import { problemResponse } from '$lib/server/http/problem';
import { registry } from '$lib/server/metrics';

// Served on the main port only with METRICS_TOKEN: behind a proxy every request looks local, so
// the source address proves nothing. Without a token, METRICS_PORT serves them on loopback.
export const GET = apiHandler(async ({ event, app }) => {
	const token = app.config.metricsToken;
	if (!token) {
		return problemResponse({
			status: 404,
			code: 'not_found',
			detail: 'Metrics are served here only when METRICS_TOKEN is set.'
		});
	}
	if (event.request.headers.get('authorization') !== `Bearer ${token}`) {
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
