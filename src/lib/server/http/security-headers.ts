import { isApiPath } from './api-path';

/**
 * The policy of every page and file. The page's own policy (script and style sources, with the
 * hash of Kit's inline bootstrap script) is the <meta> tag Kit writes from `kit.csp` in
 * svelte.config.js; this header adds what a <meta> policy cannot say, chiefly that no site may
 * frame the app. It names no fetch directive, so it never narrows the page's policy (both apply)
 * nor the service worker's and the sync worker's own fetches.
 */
export const DOCUMENT_POLICY =
	"frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'";

/** The policy of API answers: data, never a document, so nothing may load, run or frame. */
export const API_POLICY =
	"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The security headers of a response to `pathname`: a Content-Security-Policy, nosniff, a
 * Referrer-Policy and X-Frame-Options for browsers that predate frame-ancestors.
 *
 * The Referrer-Policy still lets a browser name the page's origin: under `no-referrer` the Fetch
 * standard has same-origin POSTs (form submissions, in Chromium) sent with `Origin: null`, which
 * the cross-site check refuses.
 */
export function securityHeaders(pathname: string): Record<string, string> {
	return {
		'content-security-policy': isApiPath(pathname) ? API_POLICY : DOCUMENT_POLICY,
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'strict-origin-when-cross-origin',
		'x-frame-options': 'DENY'
	};
}
