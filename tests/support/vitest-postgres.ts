import type { TestProject } from 'vitest/node';
import { startPgBouncer } from './pgbouncer';
import { startPostgres } from './postgres-server';

declare module 'vitest' {
	export interface ProvidedContext {
		postgresUrl: string;
		/** The same server through PgBouncer in transaction mode (see pgbouncer.ts). */
		pgbouncerUrl: string;
	}
}

/**
 * Starts one PostgreSQL 15 server, and one PgBouncer in front of it, for the whole test run;
 * each test file makes its own database.
 */
export default async function setup(project: TestProject) {
	const server = await startPostgres();
	const bouncer = await startPgBouncer(server.port).catch((error: unknown) => {
		server.stop();
		throw error;
	});
	project.provide('postgresUrl', server.url);
	project.provide('pgbouncerUrl', bouncer.url);
	return async () => {
		await bouncer.stop();
		server.stop();
	};
}
