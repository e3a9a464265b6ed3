import type { Handle, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { appContext } from '$lib/server/app-context';
import { DataDirLockedError } from '$lib/server/db/data-dir-lock';
import { apiProblem } from '$lib/server/http/api-problem';

/** Opens the database and applies the migrations before the first request is served. */
export const init: ServerInit = async () => {
	if (building) return;
	try {
		const app = await appContext();
		console.log(`Outpost: database ${app.db.kind} ready`);
		// adapter-node emits this on SIGINT/SIGTERM once requests have drained.
		process.once('sveltekit:shutdown' as 'exit', () => void app.db.close());
	} catch (error) {
		if (error instanceof DataDirLockedError) {
			console.error(`Outpost cannot start: ${error.message}`);
			process.exit(1);
		}
		throw error;
	}
};

/** Keeps every API answer in the protocol's shape, including the framework's own errors. */
export const handle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	return apiProblem(event.request, event.url, response);
};
