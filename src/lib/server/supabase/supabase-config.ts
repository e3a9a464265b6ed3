/** Supabase mode: users sign in through the project's Supabase Auth, not the app's accounts. */
export interface SupabaseConfig {
	/** The project URL (`https://<ref>.supabase.co`), without a trailing slash. */
	url: string;
	/** The project's public anon key: the page's Supabase client sends it. */
	anonKey: string;
	/**
	 * The project's JWT secret (HS256 access tokens); without it, tokens are checked against
	 * the project's published keys (`/auth/v1/.well-known/jwks.json`).
	 */
	jwtSecret: string | undefined;
}

/**
 * Supabase mode's settings (SUPABASE_URL, SUPABASE_ANON_KEY, SUPABASE_JWT_SECRET), or
 * undefined when SUPABASE_URL and SUPABASE_ANON_KEY are unset. Throws with a readable message
 * when only one of them is set or the URL is not an http(s) URL.
 */
export function readSupabaseConfig(env: NodeJS.ProcessEnv): SupabaseConfig | undefined {
	const rawUrl = env.SUPABASE_URL?.trim() ?? '';
	const anonKey = env.SUPABASE_ANON_KEY?.trim() ?? '';
	const jwtSecret = env.SUPABASE_JWT_SECRET?.trim() || undefined;
	if (!rawUrl && !anonKey) {
		if (jwtSecret)
			throw new Error('SUPABASE_JWT_SECRET is set without SUPABASE_URL and SUPABASE_ANON_KEY');
		return undefined;
	}
	if (!rawUrl || !anonKey) {
		throw new Error(
			'Supabase mode needs both SUPABASE_URL and SUPABASE_ANON_KEY (the project URL and its anon key)'
		);
	}
	const url = URL.canParse(rawUrl) ? new URL(rawUrl) : undefined;
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
		throw new Error(
			`SUPABASE_URL must be the project's http(s) URL such as https://abcd.supabase.co, not "${rawUrl}"`
		);
	}
	return { url: rawUrl.replace(/\/+$/, ''), anonKey, jwtSecret };
}

/** The origin the page's Supabase client talks to, for the page's connect-src; none when unset or not a URL. */
export function supabaseOrigin(env: NodeJS.ProcessEnv): string | undefined {
	const raw = env.SUPABASE_URL?.trim();
	return raw && URL.canParse(raw) ? new URL(raw).origin : undefined;
}

/**
 * The name of the cookie the page's Supabase client (`@supabase/ssr`) keeps the session in,
 * as supabase-js names its storage key: `sb-<first label of the host>-auth-token`.
 */
export function authCookieName(projectUrl: string): string {
	return `sb-${new URL(projectUrl).hostname.split('.')[0]}-auth-token`;
}
