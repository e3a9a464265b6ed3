import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { building, dev } from '$app/environment';
import { appContext } from '$lib/server/app-context';
import { MigrationMismatchError } from '$lib/server/db/migrate';
import { DataDirLockedError } from '$lib/server/db/data-dir-lock';
import { changeNoticesSent } from '$lib/server/events/change-notices';
import { closeInstanceStreams } from '$lib/server/events/instance-hub';
import { isDatabaseUnavailable } from '$lib/server/http/api-handler';
import { isApiPath } from '$lib/server/http/api-path';
import { apiProblem } from '$lib/server/http/api-problem';
import { isCrossSiteRequest } from '$lib/server/http/cross-site';
import { problemResponse } from '$lib/server/http/problem';
import { registry } from '$lib/server/metrics';
import { startReplies } from '$lib/server/replies/start-replies';
import { startMetricsServer, type MetricsServer } from '$lib/server/metrics-server';

/**
 * Opens the database and applies the migrations before the first request is served, and starts
 * the loopback metrics server when METRICS_PORT is set.
 */
export const init: ServerInit = async () => {
	if (building) return;
	// postgres.js 3.4 can leave a promise of a connection that failed while it was opening
	// (fetching array types) rejected with nobody listening (porsager/postgres#1192): that is the
	// database being away, which requests already answer with 503, not a reason to die. Any
	// other unhandled rejection still ends the process as Node's default does.
	process.on('unhandledRejection', (reason) => {
		if (!isDatabaseUnavailable(reason)) throw reason;
		console.error('a database connection failed', (reason as { code?: string }).code);
	});
	try {
		const app = await appContext();
		console.log(`Outpost: database ${app.db.kind} ready`);
		const replies = await startReplies(app);
		let metrics: MetricsServer | undefined;
		if (app.config.metricsPort !== undefined) {
			metrics = await startMetricsServer(registry, app.config.metricsPort);
			console.log(`Outpost: metrics at ${metrics.url}/metrics`);
		}
		// adapter-node drains requests on SIGINT/SIGTERM; live event streams never end by
		// themselves and would hold it until SHUTDOWN_TIMEOUT. Their clients connect again.
		if (!dev) {
			process.once('SIGTERM', closeInstanceStreams);
			process.once('SIGINT', closeInstanceStreams);
		}
		// adapter-node emits this on SIGINT/SIGTERM once requests have drained.
		process.once('sveltekit:shutdown' as 'exit', () => {
			void metrics?.close();
			// Replies being written are given back for another instance, the last pushes are
			// announced, then the database closes.
			void replies
				.close()
				.then(() => changeNoticesSent(app.db))
				.finally(() => app.db.close());
		});
	} catch (error) {
		if (error instanceof DataDirLockedError || error instanceof MigrationMismatchError) {
			console.error(`Outpost cannot start: ${error.message}`);
			process.exit(1);
		}
		if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
			console.error(`Outpost cannot start: METRICS_PORT is taken (${(error as Error).message})`);
			process.exit(1);
		}
		throw error;
	}
};

/**
 * Refuses cross-site state-changing API requests, and keeps every API answer in the protocol's
 * shape, including the framework's own errors.
 */
export const handle: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	if (isCrossSiteRequest(request, url)) {
		const refusal = problemResponse({
			status: 403,
			code: 'cross_site',
			detail: 'Requests from other sites are refused.'
		});
		return apiProblem(request, url, refusal);
	}
	try {
		return apiProblem(request, url, await resolve(event));
	} catch (error) {
		if (!isApiPath(url.pathname)) throw error;
		console.error('Unhandled error in', url.pathname, error);
		return apiProblem(request, url, problemResponse({ status: 500, code: 'internal' }));
	}
};

/**
 * Logs an unexpected error and answers it without its details. The framework's own errors (a
 * 404, a 405, a body it could not read) keep their status and message; on an API path the
 * `handle` hook turns the answer into a problem.
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status >= 500) {
		console.error('Unhandled error in', event.url.pathname, error);
		return { message: 'Something went wrong on the server.', code: 'internal' };
	}
	return { message };
};
