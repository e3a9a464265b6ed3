import { inject } from 'vitest';

/** The stand-in for Supabase Auth that a Supabase-mode test run signs users in at. */
export interface StandIn {
	url: string;
	anonKey: string;
	jwtSecret: string | undefined;
}

declare module 'vitest' {
	export interface ProvidedContext {
		supabaseAuth: StandIn;
	}
}

/**
 * Whether this run is the sync suite in Supabase mode (the vitest project `supabase`): every
 * server starts in Supabase mode on a database the Supabase CLI migrated, and every account
 * signs up at the stand-in for Supabase Auth (tests/support/vitest-supabase.ts).
 */
export const SUPABASE_RUN = process.env.OUTPOST_TEST_AUTH === 'supabase';

/** The run's stand-in for Supabase Auth. */
export function standIn(): StandIn {
	return inject('supabaseAuth');
}
