import { isApiPath } from './api-path';

/**
 * The policy of every page and file. The page's own policy (script and style sources, with the
 * hash of Kit's inline bootstrap script) is the <meta> tag Kit writes from `kit.csp` in
 * svelte.config.js; this header adds what a <meta> policy cannot say, chiefly that no site may
 * frame the app, and which origins the page may connect to: its own, and in Supabase mode the
 * project's (`connectTo`), which the build cannot know. Both policies apply; the <meta> one
 * allows any https origin there, so this one decides.
 */
export function documentPolicy(connectTo: readonly string[] = []): string {
	const connect = ["'self'", ...connectTo].join(' ');
	return `frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'; connect-src ${connect}`;
}

/** The policy of API answers: data, never a document, so nothing may load, run or frame. */
export const API_POLICY =
	"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The security headers of a response to `pathname`: a Content-Security-Policy (a page may
 * connect to its own origin and to `connectTo`), nosniff, a
 * Referrer-Policy and X-Frame-Options for browsers that predate frame-ancestors.
 *
 * The Referrer-Policy still lets a browser name the page's origin: under `no-referrer` the Fetch
 * standard has same-origin POSTs (form submissions, in Chromium) sent with `Origin: null`, which
 * the cross-site check refuses.
 */
export function securityHeaders(
	pathname: string,
	connectTo: readonly string[] = []
): Record<string, string> {
	return {
		'content-security-policy': isApiPath(pathname) ? API_POLICY : documentPolicy(connectTo),
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'strict-origin-when-cross-origin',
		'x-frame-options': 'DENY'
	};
}
