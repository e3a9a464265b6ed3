/** Whether a path is served by the API (and so answers errors as problem+json). */
export function isApiPath(pathname: string): boolean {
	return pathname.startsWith('/api/') || pathname === '/api' || pathname === '/metrics';
}
