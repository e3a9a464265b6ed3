import type { TestProject } from 'vitest/node';
import { startFakeSupabaseAuth } from './supabase/fake-auth';
import './test-auth';

/** Starts one stand-in for Supabase Auth for the Supabase-mode run of the sync suite. */
export default async function setup(project: TestProject) {
	const auth = await startFakeSupabaseAuth();
	project.provide('supabaseAuth', {
		url: auth.url,
		anonKey: auth.anonKey,
		jwtSecret: auth.jwtSecret
	});
	return () => auth.close();
}
