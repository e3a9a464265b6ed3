import { authConfig, type AuthConfig } from '$lib/protocol/auth';

const STORAGE_KEY = 'outpost-auth-config';
const LOCAL: AuthConfig = { mode: 'local' };

let loaded: Promise<AuthConfig> | undefined;

function remembered(): AuthConfig | undefined {
	try {
		const parsed = authConfig.safeParse(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null'));
		return parsed.success ? parsed.data : undefined;
	} catch {
		return undefined;
	}
}

/**
 * How the server signs people in, asked once per page (`GET /api/auth/config`) and remembered
 * for a start offline; its own accounts when it was never heard.
 */
export function authMode(): Promise<AuthConfig> {
	loaded ??= (async () => {
		try {
			const response = await fetch('/api/auth/config', { cache: 'no-store' });
			const parsed = authConfig.safeParse(response.ok ? await response.json() : null);
			if (parsed.success) {
				localStorage.setItem(STORAGE_KEY, JSON.stringify(parsed.data));
				return parsed.data;
			}
		} catch {
			// Offline: what was heard last.
		}
		loaded = undefined;
		return remembered() ?? LOCAL;
	})();
	return loaded;
}
