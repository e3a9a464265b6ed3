import { apiHandler, jsonResponse } from '$lib/server/http/api-handler';

/**
 * How this server signs people in: `local` (its own accounts) or `supabase` (Supabase Auth,
 * with the project URL and public anon key the page's Supabase client needs).
 */
export const GET = apiHandler(async ({ app }) =>
	jsonResponse(
		app.supabase
			? { mode: 'supabase', url: app.supabase.config.url, anonKey: app.supabase.config.anonKey }
			: { mode: 'local' }
	)
);
