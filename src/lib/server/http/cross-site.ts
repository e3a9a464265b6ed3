/** Methods that change nothing, so may come from anywhere. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What a browser says about where a request comes from: Sec-Fetch-Site values refused. */
const REFUSED_SITES = new Set(['cross-site', 'same-site']);

/** Whether the API path `pathname` takes state-changing requests (everything under /api). */
function isApiWritePath(pathname: string): boolean {
	return pathname === '/api' || pathname.startsWith('/api/');
}

/**
 * Whether `origin` (an Origin header) is the app's own: the public origin the server knows
 * (`url.origin`, from ORIGIN) or the scheme and host the request itself was sent to (its Host
 * header), so that a server reached as both `localhost` and `127.0.0.1` accepts its own page
 * from either. A cross-site page cannot choose the Host header of a request from its visitor's
 * browser, and `Origin: null` (a sandboxed frame, a privacy redirect) is never the app's own.
 */
export function isOwnOrigin(origin: string, url: URL, host: string | null): boolean {
	if (origin === url.origin) return true;
	if (host === null) return false;
	try {
		const parsed = new URL(origin);
		if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
		if (parsed.origin !== origin) return false;
		return parsed.host === new URL(`${parsed.protocol}//${host}`).host;
	} catch {
		return false;
	}
}

/**
 * Whether a request must be refused as cross-site: a state-changing request (any method but
 * GET, HEAD and OPTIONS) to the API that its browser marks as sent by another site
 * (`Sec-Fetch-Site: cross-site` or `same-site`) or whose Origin is not the app's own. A request
 * with neither header (a script with a bearer token, curl) is not refused: only browsers send
 * them, and a browser always sends one of them with a cross-site POST.
 */
export function isCrossSiteRequest(request: Request, url: URL): boolean {
	if (SAFE_METHODS.has(request.method) || !isApiWritePath(url.pathname)) return false;
	const site = request.headers.get('sec-fetch-site');
	if (site !== null && REFUSED_SITES.has(site.trim().toLowerCase())) return true;
	const origin = request.headers.get('origin');
	return origin !== null && !isOwnOrigin(origin, url, request.headers.get('host'));
}
