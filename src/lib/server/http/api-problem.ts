import { PROBLEM_CONTENT_TYPE } from '$lib/protocol/problem';
import { problemResponse } from './problem';

const DETAILS: Record<number, string> = {
	404: 'There is no such API endpoint.',
	405: 'This API endpoint does not take that method.'
};

/** Whether a path is served by the API (and so answers errors as problem+json). */
export function isApiPath(pathname: string): boolean {
	return pathname.startsWith('/api/') || pathname === '/api' || pathname === '/metrics';
}

/**
 * Makes an API response safe to send: an error the framework produced itself (an unknown
 * endpoint, a wrong method) becomes problem+json, and a response that left the request body
 * unread closes the connection, so that the unread bytes cannot stall the next request on it.
 */
export function apiProblem(request: Request, url: URL, response: Response): Response {
	if (!isApiPath(url.pathname)) return response;
	let result = response;
	const type = response.headers.get('content-type') ?? '';
	if (response.status >= 400 && !type.includes(PROBLEM_CONTENT_TYPE)) {
		const allow = response.headers.get('allow');
		result = problemResponse({
			status: response.status,
			code:
				response.status === 404
					? 'not_found'
					: response.status === 405
						? 'method_not_allowed'
						: 'error',
			detail: DETAILS[response.status] ?? 'The request could not be handled.',
			...(allow ? { headers: { allow } } : {})
		});
	}
	const hasBody = request.headers.has('content-length') || request.headers.has('transfer-encoding');
	if (hasBody && !request.bodyUsed && request.method !== 'GET' && request.method !== 'HEAD') {
		result = new Response(result.body, result);
		result.headers.set('connection', 'close');
	}
	return result;
}
